// A port method a real connector does not offer yet: it fails as an unreachable upstream would
// (50201), naming the method and the connector, rather than pretending to have done something.
import { UpstreamError } from "../port.ts";

export function notImplemented(connector: string, method: string): () => Promise<never> {
  return async () => {
    throw new UpstreamError("not_implemented", `${method} is not implemented by the ${connector} connector yet`);
  };
}
