// Worker thread of fingerprintItems(): fingerprints one range of a catalogue into shared arrays.
import { parentPort, workerData } from "node:worker_threads";
import { COLOUR_BYTES, itemFingerprint } from "./image-index.ts";

interface Job {
  start: number;
  end: number;
  categoryId: Uint32Array;
  categoryStyle: Uint32Array;
  itemSeed: Uint32Array;
  hashes: Uint32Array;
  colours: Uint8Array;
}

const job = workerData as Job;
for (let i = job.start; i < job.end; i++) {
  const fp = itemFingerprint({ categoryId: job.categoryId[i]!, categoryStyle: job.categoryStyle[i]!, itemSeed: job.itemSeed[i]! });
  job.hashes[i * 2] = fp.hash[0]!;
  job.hashes[i * 2 + 1] = fp.hash[1]!;
  job.colours.set(fp.colour, i * COLOUR_BYTES);
}
parentPort!.postMessage("done");
