// The embedded sandbox marketplace: builds (or loads from DATA_DIR) both catalogues and their indexes.
import path from "node:path";
import type { Platform } from "../port.ts";
import { SandboxCatalog } from "./catalog.ts";
import { SandboxGoods } from "./goods.ts";
import { SearchIndexes, type BuildProgress } from "./indexes.ts";

export { SandboxCatalog } from "./catalog.ts";
export { SandboxGoods } from "./goods.ts";
export { SearchIndexes } from "./indexes.ts";

export interface SandboxOptions {
  seed: number;
  items: number;
  /** Where snapshots live; undefined = build in memory only. */
  dataDir: string | undefined;
  publicUrl: string;
  progress?: (platform: Platform, done: number, total: number) => void;
}

// One process may host several platforms (tests): identical catalogues are built once.
const built = new Map<string, Promise<SearchIndexes>>();

export async function loadCatalogue(platform: Platform, options: Omit<SandboxOptions, "publicUrl">): Promise<{ indexes: SearchIndexes; loaded: boolean }> {
  const key = `${platform}:${options.seed}:${options.items}`;
  const cached = built.get(key);
  if (cached) return { indexes: await cached, loaded: true };
  const catalog = new SandboxCatalog(platform, options.seed, options.items);
  const progress: BuildProgress | undefined = options.progress ? (done, total) => options.progress!(platform, done, total) : undefined;
  const pending = options.dataDir
    ? SearchIndexes.loadOrBuild(catalog, path.join(options.dataDir, "sandbox"), progress)
    : SearchIndexes.build(catalog, progress).then((indexes) => ({ indexes, loaded: false }));
  const indexes = pending.then((r) => r.indexes);
  built.set(key, indexes);
  indexes.catch(() => built.delete(key));
  return pending;
}

export async function createSandboxGoods(options: SandboxOptions): Promise<SandboxGoods> {
  const taobao = (await loadCatalogue("taobao", options)).indexes;
  const alibaba = (await loadCatalogue("alibaba", options)).indexes;
  return new SandboxGoods({ taobao: taobao.catalog, alibaba: alibaba.catalog }, { taobao, alibaba }, { publicUrl: options.publicUrl });
}
