// The connectors of a deployment, by (platform, mode). Sandbox developers use the embedded emulator;
// live developers use the configured real connector of each platform — and until one is configured,
// every goods and purchase call of a live developer fails with 50201 naming the missing setting,
// never falling back to the sandbox.
import { UpstreamError, type Connector, type GoodsPort, type Mode, type Platform, type PurchasePort } from "./port.ts";

/** The setting an operator configures to give live developers a connector of this platform. */
export const LIVE_CONNECTOR_SETTING: Record<Platform, string> = {
  taobao: "the Taobao Global connector (openpon connector set taobao-global …)",
  alibaba: "the 1688 cross-border connector (openpon connector set alibaba-1688 …)",
};

/** One platform's view of ports that take the platform as their first argument. */
export function bindConnector(platform: Platform, name: string, goods: GoodsPort, purchases: PurchasePort): Connector {
  const bind = <T extends object>(port: T, keys: Array<keyof T>) =>
    Object.fromEntries(keys.map((key) => [key, (...args: unknown[]) => (port[key] as (...a: unknown[]) => unknown).call(port, platform, ...args)]));
  return {
    platform,
    name,
    ...bind(goods, ["product", "search", "searchByImage", "category", "seller", "recommend", "related", "topList", "image"]),
    ...bind(purchases, [
      "createOrder",
      "findByClientRef",
      "payOrder",
      "cancelOrder",
      "readOrder",
      "updateAddress",
      "confirmReceipt",
      "shipments",
      "imLink",
      "requestRefund",
      "modifyRefund",
      "cancelRefund",
      "submitReturn",
      "sendRefundMessage",
      "readRefund",
    ]),
    decryptNick: (openUid: string) => purchases.decryptNick(openUid),
  } as Connector;
}

/** A live connector that is not configured: every call fails as an unreachable upstream, saying what to set. */
export function unconfiguredConnector(platform: Platform): Connector {
  return unusableConnector(platform, "unconfigured", `no live ${platform === "taobao" ? "Taobao" : "1688"} connector is configured for this deployment: an operator must set up ${LIVE_CONNECTOR_SETTING[platform]}`);
}

/** A stand-in whose every call fails with 50201 and `message` (a connector configured but not usable: not authorized, bad settings). */
export function unusableConnector(platform: Platform, name: string, message: string): Connector {
  const fail = async (): Promise<never> => {
    throw new UpstreamError("not_configured", message);
  };
  return new Proxy({ platform, name } as Connector, {
    // Not a thenable: `await`ing the stand-in (an async lookup returns it) must give the connector, not call fail.
    get: (target, key) => (key in target ? target[key as keyof Connector] : key === "then" ? undefined : fail),
  });
}

export class ConnectorRegistry {
  readonly #connectors = new Map<string, Connector>();

  register(mode: Mode, connector: Connector): void {
    this.#connectors.set(`${connector.platform}:${mode}`, connector);
  }

  unregister(platform: Platform, mode: Mode): void {
    this.#connectors.delete(`${platform}:${mode}`);
  }

  /** The connector for a platform and mode (an unconfigured stand-in for a live platform without one). */
  get(platform: Platform, mode: Mode): Connector {
    return this.#connectors.get(`${platform}:${mode}`) ?? (mode === "live" ? unconfiguredConnector(platform) : missing(platform, mode));
  }

  of(platform: Platform, sandbox: boolean): Connector {
    return this.get(platform, sandbox ? "sandbox" : "live");
  }

  /** Both platforms' goods of one mode, as a platform-keyed port (the catalogue serves both). */
  goods(mode: Mode): GoodsPort {
    const byPlatform = (platform: Platform) => this.get(platform, mode);
    return {
      product: (platform, ...args) => byPlatform(platform).product(...args),
      search: (platform, ...args) => byPlatform(platform).search(...args),
      searchByImage: (platform, ...args) => byPlatform(platform).searchByImage(...args),
      category: (platform, ...args) => byPlatform(platform).category(...args),
      seller: (platform, ...args) => byPlatform(platform).seller(...args),
      recommend: (platform, ...args) => byPlatform(platform).recommend(...args),
      related: (platform, ...args) => byPlatform(platform).related(...args),
      topList: (platform, ...args) => byPlatform(platform).topList(...args),
      image: (platform, ...args) => byPlatform(platform).image(...args),
    };
  }
}

function missing(platform: Platform, mode: Mode): never {
  throw new Error(`no ${mode} connector registered for ${platform}`);
}
