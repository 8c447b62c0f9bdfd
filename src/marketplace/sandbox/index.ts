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
const built = new Map<string, SearchIndexes>();

export function loadCatalogue(platform: Platform, options: Omit<SandboxOptions, "publicUrl">): { indexes: SearchIndexes; loaded: boolean } {
  const key = `${platform}:${options.seed}:${options.items}`;
  const cached = built.get(key);
  if (cached) return { indexes: cached, loaded: true };
  const catalog = new SandboxCatalog(platform, options.seed, options.items);
  const progress: BuildProgress | undefined = options.progress ? (done, total) => options.progress!(platform, done, total) : undefined;
  const result = options.dataDir
    ? SearchIndexes.loadOrBuild(catalog, path.join(options.dataDir, "sandbox"), progress)
    : { indexes: SearchIndexes.build(catalog, progress), loaded: false };
  built.set(key, result.indexes);
  return result;
}

export function createSandboxGoods(options: SandboxOptions): SandboxGoods {
  const taobao = loadCatalogue("taobao", options).indexes;
  const alibaba = loadCatalogue("alibaba", options).indexes;
  return new SandboxGoods({ taobao: taobao.catalog, alibaba: alibaba.catalog }, { taobao, alibaba }, { publicUrl: options.publicUrl });
}
