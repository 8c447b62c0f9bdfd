// Perceptual fingerprints of pictures and a nearest-neighbour index over up to 2 million of them.
//
// Fingerprint (FINGERPRINT_BYTES = 56 bytes stored per picture):
//   - hash: 64-bit DCT perceptual hash. The picture is area-averaged to FP_SIZE × FP_SIZE (16 × 16),
//     turned to luma and transformed by a 2-D DCT; the 64 lowest-frequency AC coefficients (by u+v,
//     then u) are compared with their median, one bit each. It captures layout and silhouette: what
//     items of one category share.
//   - colour: a 4 × 4 grid of mean CIELAB colour (L*, a*, b*, one byte each: 48 bytes). It captures the
//     palette and where it sits: what sets two items of one category apart.
//   Catalog items are fingerprinted from a 32 px render averaged 2 × 2 (itemFingerprint), which the
//   renderer makes match an area-averaged downscale of the big picture. Query pictures (fingerprint) also carry
//   80 crop hypotheses: the fingerprint the picture would have if 0, 2.5 or 5% had been cut from each
//   side of a larger original (the missing border extended from the edge).
//
// Distance: HASH_WEIGHT × min(hamming, HASH_CAP) + L1(colour grids); for a query with crop
// hypotheses, the best over the picture itself and its hypotheses, each hypothesis costing
// CROP_STEP_PENALTY per 2.5% step.
//
// Index: typed arrays, entries sorted by docId (68 bytes per entry plus a 2-byte score buffer).
// A search is brute force in two passes:
//   1. coarse: every entry is scored from one 16-byte record (hash words, mean L*a*b* of the whole
//      picture and of its central quarter) with table lookups and a SWAR popcount; a histogram of the
//      scores gives the threshold that keeps the best COARSE_KEEP entries;
//   2. exact: the survivors are ranked by the full distance; the nearest CROP_RERANK of them are
//      re-scored with the query's crop hypotheses. Equal distances rank by docId.
import os from "node:os";
import { Worker } from "node:worker_threads";
import { renderItemRgb, type ItemImageSpec, type RgbaImage } from "./images.ts";

/** Side of the square grid every picture is reduced to before fingerprinting. */
export const FP_SIZE = 16;
const GRID = 4;
export const HASH_WORDS = 2;
export const COLOUR_BYTES = GRID * GRID * 3;
export const FINGERPRINT_BYTES = HASH_WORDS * 4 + COLOUR_BYTES;
/** Weight of one differing hash bit against one unit of colour L1 distance. */
export const HASH_WEIGHT = 4;
/** Differing hash bits beyond this count cost nothing more. */
export const HASH_CAP = 20;

export interface Fingerprint {
  /** 64-bit perceptual hash, two 32-bit words. */
  hash: Uint32Array;
  /** 4 × 4 × (L*, a*, b*) bytes, row-major. */
  colour: Uint8Array;
  /**
   * Query pictures only (set by fingerprint()): the fingerprints the picture would have if it were a
   * crop of a larger one (0, 2.5 or 5% cut from each side, the missing border extended from the
   * edge), each with the size of its hypothesis. search() ranks its nearest candidates
   * by the best of them; the index never stores them.
   */
  cropVariants?: CropVariant[];
}

export interface CropVariant {
  hash: Uint32Array;
  colour: Uint8Array;
  /** Total crop hypothesised, in 2.5% steps (1..8); search() adds CROP_STEP_PENALTY per step. */
  steps: number;
}

// ---------------------------------------------------------------------------------------------------
// Reduction to FP_SIZE × FP_SIZE (area average; alpha composited over white)

/** Per destination cell along one axis: the source range and weights of an exact area average. */
function axisWeights(src: number, dst: number): { idx: Int32Array; w: Float64Array; start: Int32Array } {
  // Each source pixel k covers [k, k+1) source units; destination cell c covers [c*s, (c+1)*s).
  const s = src / dst;
  const start = new Int32Array(dst + 1);
  const idx: number[] = [];
  const w: number[] = [];
  for (let c = 0; c < dst; c++) {
    start[c] = idx.length;
    const a = c * s;
    const b = (c + 1) * s;
    for (let k = Math.floor(a); k < Math.ceil(b) && k < src; k++) {
      const lo = a > k ? a : k;
      const hi = b < k + 1 ? b : k + 1;
      if (hi > lo) {
        idx.push(k);
        w.push((hi - lo) / s);
      }
    }
  }
  start[dst] = idx.length;
  return { idx: Int32Array.from(idx), w: Float64Array.from(w), start };
}

/** Area-averaged FP_SIZE × FP_SIZE float RGB (0..1) of any image. */
export function reduceImage(image: RgbaImage): Float32Array {
  return reduceTo(image, FP_SIZE);
}

/** Area-averaged n × n float RGB (0..1) of any image, alpha composited over white. */
function reduceTo(image: RgbaImage, n: number): Float32Array {
  const { width, height, rgba } = image;
  if (!(width >= 1 && height >= 1) || rgba.length < width * height * 4) throw new RangeError("empty or short image");
  const xs = axisWeights(width, n);
  const ys = axisWeights(height, n);
  // Column-reduce each source row into n cells, then accumulate rows into destination rows.
  const rowAcc = new Float64Array(n * 3);
  const out = new Float64Array(n * n * 3);
  const inv255 = 1 / 255;
  for (let r = 0; r < n; r++) {
    const acc = new Float64Array(n * 3);
    for (let t = ys.start[r]!; t < ys.start[r + 1]!; t++) {
      const y = ys.idx[t]!;
      const wy = ys.w[t]!;
      rowAcc.fill(0);
      const rowBase = y * width * 4;
      for (let c = 0; c < n; c++) {
        let sr = 0;
        let sg = 0;
        let sb = 0;
        for (let q = xs.start[c]!; q < xs.start[c + 1]!; q++) {
          const o = rowBase + xs.idx[q]! * 4;
          const wx = xs.w[q]!;
          const a = rgba[o + 3]! * inv255;
          // over white: c*a + (1-a)
          sr += wx * (rgba[o]! * inv255 * a + 1 - a);
          sg += wx * (rgba[o + 1]! * inv255 * a + 1 - a);
          sb += wx * (rgba[o + 2]! * inv255 * a + 1 - a);
        }
        rowAcc[c * 3] = sr;
        rowAcc[c * 3 + 1] = sg;
        rowAcc[c * 3 + 2] = sb;
      }
      for (let k = 0; k < n * 3; k++) acc[k] = acc[k]! + wy * rowAcc[k]!;
    }
    out.set(acc, r * n * 3);
  }
  return Float32Array.from(out);
}

// ---------------------------------------------------------------------------------------------------
// Fingerprint

const DCT_K = 9;
const DCT_TABLE = (() => {
  const t = new Float64Array(DCT_K * FP_SIZE);
  for (let u = 0; u < DCT_K; u++) {
    for (let x = 0; x < FP_SIZE; x++) t[u * FP_SIZE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * FP_SIZE));
  }
  return t;
})();

/** The 64 AC coefficients used, as u * DCT_K + v, by increasing u+v then u. */
const HASH_COEFFS = (() => {
  const all: Array<[number, number]> = [];
  for (let u = 0; u < DCT_K; u++) for (let v = 0; v < DCT_K; v++) if (u + v > 0) all.push([u, v]);
  all.sort((a, b) => a[0] + a[1] - (b[0] + b[1]) || a[0] - b[0]);
  return Int32Array.from(all.slice(0, 64).map(([u, v]) => u * DCT_K + v));
})();

// Lookup tables (with linear interpolation) for the sRGB transfer curve and the CIELAB f(t).
const LUT_N = 1024;
const LIN_LUT = (() => {
  const t = new Float64Array(LUT_N + 2);
  for (let i = 0; i <= LUT_N + 1; i++) {
    const c = Math.min(1, i / LUT_N);
    t[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }
  return t;
})();
const LABF_MAX = 1.125;
const LABF_LUT = (() => {
  const t = new Float64Array(LUT_N + 2);
  for (let i = 0; i <= LUT_N + 1; i++) {
    const x = (i / LUT_N) * LABF_MAX;
    t[i] = x > 0.008856451679035631 ? Math.cbrt(x) : x * 7.787037037037037 + 16 / 116;
  }
  return t;
})();

function lut(table: Float64Array, x: number): number {
  if (x <= 0) return table[0]!;
  if (x >= 1) x = 1;
  const p = x * LUT_N;
  const i = Math.floor(p);
  const f = p - i;
  return table[i]! + (table[i + 1]! - table[i]!) * f;
}

function srgbToLinear(c: number): number {
  return lut(LIN_LUT, c);
}

function labF(t: number): number {
  return lut(LABF_LUT, t / LABF_MAX);
}

function byte(x: number): number {
  const y = Math.round(x);
  return y < 0 ? 0 : y > 255 ? 255 : y;
}

/** The k-th smallest value of a (reordering a): Hoare's quickselect. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

// Scratch buffers (fingerprinting is synchronous, so one set per thread suffices).
const Y_BUF = new Float64Array(FP_SIZE * FP_SIZE);
const R_BUF = new Float64Array(FP_SIZE * DCT_K);
const COEF_BUF = new Float64Array(64);
const SORT_BUF = new Float64Array(64);
const FOLD_S = new Float64Array(FP_SIZE >> 1);
const FOLD_D = new Float64Array(FP_SIZE >> 1);

/** Fingerprint of a FP_SIZE × FP_SIZE float RGB buffer (values 0..1). */
export function fingerprintRgb(rgb: Float32Array): Fingerprint {
  const n = FP_SIZE;
  if (rgb.length !== n * n * 3) throw new RangeError(`expected ${n}×${n} RGB`);
  const Y = Y_BUF;
  for (let i = 0, o = 0; i < n * n; i++, o += 3) Y[i] = 0.299 * rgb[o]! + 0.587 * rgb[o + 1]! + 0.114 * rgb[o + 2]!;
  // Row transform R[y][u] = sum_x Y[y][x] cos((2x+1)uπ/2n). cos is symmetric (even u) or
  // antisymmetric (odd u) about the middle, so fold each row first: half the multiplications.
  const R = R_BUF;
  const half = n >> 1;
  const S = FOLD_S;
  const D = FOLD_D;
  for (let y = 0; y < n; y++) {
    const yb = y * n;
    for (let x = 0; x < half; x++) {
      const a = Y[yb + x]!;
      const b = Y[yb + n - 1 - x]!;
      S[x] = a + b;
      D[x] = a - b;
    }
    for (let u = 0; u < DCT_K; u++) {
      const src = (u & 1) === 0 ? S : D;
      const tb = u * n;
      let sum = 0;
      for (let x = 0; x < half; x++) sum += src[x]! * DCT_TABLE[tb + x]!;
      R[y * DCT_K + u] = sum;
    }
  }
  // Column transform, folded the same way, only for the 64 coefficients used.
  const coeffs = COEF_BUF;
  for (let i = 0; i < 64; i++) {
    const c = HASH_COEFFS[i]!;
    const u = (c / DCT_K) | 0;
    const v = c - u * DCT_K;
    const tb = v * n;
    const odd = (v & 1) === 1;
    let sum = 0;
    for (let y = 0; y < half; y++) {
      const a = R[y * DCT_K + u]!;
      const b = R[(n - 1 - y) * DCT_K + u]!;
      sum += (odd ? a - b : a + b) * DCT_TABLE[tb + y]!;
    }
    coeffs[i] = sum;
  }
  SORT_BUF.set(coeffs);
  const median = (select(SORT_BUF, 31) + select(SORT_BUF, 32)) / 2;
  let w0 = 0;
  let w1 = 0;
  for (let i = 0; i < 32; i++) if (coeffs[i]! > median) w0 |= 1 << i;
  for (let i = 0; i < 32; i++) if (coeffs[32 + i]! > median) w1 |= 1 << i;
  const hash = new Uint32Array(2);
  hash[0] = w0;
  hash[1] = w1;

  // Colour grid: mean sRGB per cell, then CIELAB.
  const colour = new Uint8Array(COLOUR_BYTES);
  const cell = n / GRID;
  const k = 1 / (cell * cell);
  for (let gy = 0; gy < GRID; gy++) {
    for (let gx = 0; gx < GRID; gx++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let y = gy * cell; y < (gy + 1) * cell; y++) {
        for (let x = gx * cell, o = (y * n + gx * cell) * 3; x < (gx + 1) * cell; x++, o += 3) {
          r += rgb[o]!;
          g += rgb[o + 1]!;
          b += rgb[o + 2]!;
        }
      }
      const lr = srgbToLinear(r * k);
      const lg = srgbToLinear(g * k);
      const lb = srgbToLinear(b * k);
      const fx = labF((0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / 0.95047);
      const fy = labF(0.2126729 * lr + 0.7151522 * lg + 0.072175 * lb);
      const fz = labF((0.0193339 * lr + 0.119192 * lg + 0.9503041 * lb) / 1.08883);
      const o = (gy * GRID + gx) * 3;
      colour[o] = byte((116 * fy - 16) * 2.55);
      colour[o + 1] = byte(500 * (fx - fy) + 128);
      colour[o + 2] = byte(200 * (fy - fz) + 128);
    }
  }
  return { hash, colour };
}

/** Fingerprint of any picture (any size; reduced by area averaging). */
export function fingerprint(image: RgbaImage): Fingerprint {
  // One pass over the picture to a VARIANT_GRID grid; the FP_SIZE grid is its exact 3 × 3 block mean.
  const fine = reduceTo(image, VARIANT_GRID);
  const k = VARIANT_GRID / FP_SIZE;
  const grid = new Float32Array(FP_SIZE * FP_SIZE * 3);
  for (let y = 0; y < VARIANT_GRID; y++) {
    for (let x = 0; x < VARIANT_GRID; x++) {
      const o = ((((y / k) | 0) * FP_SIZE) + ((x / k) | 0)) * 3;
      const i = (y * VARIANT_GRID + x) * 3;
      grid[o] = grid[o]! + fine[i]! / (k * k);
      grid[o + 1] = grid[o + 1]! + fine[i + 1]! / (k * k);
      grid[o + 2] = grid[o + 2]! + fine[i + 2]! / (k * k);
    }
  }
  const fp = fingerprintRgb(grid);
  fp.cropVariants = cropVariants(fine);
  return fp;
}

/** Specs of many items, one array slot per item. */
export interface ItemSpecArrays {
  categoryId: Uint32Array;
  categoryStyle: Uint32Array;
  itemSeed: Uint32Array;
}

/** Fingerprints of many items, packed: 2 hash words and COLOUR_BYTES colour bytes per item. */
export interface PackedFingerprints {
  count: number;
  hashes: Uint32Array;
  colours: Uint8Array;
}

/**
 * itemFingerprint() of every item, spread over worker threads (default: one per available core;
 * below 20,000 items, or with threads 1, it runs in this thread). Same results as the one-by-one
 * calls, in item order; add them with ImageIndexBuilder.addPacked().
 */
export async function fingerprintItems(specs: ItemSpecArrays, options: { threads?: number } = {}): Promise<PackedFingerprints> {
  const count = specs.categoryId.length;
  if (specs.categoryStyle.length !== count || specs.itemSeed.length !== count) throw new RangeError("spec arrays differ in length");
  const threads = Math.max(1, Math.min(options.threads ?? os.availableParallelism(), 16));
  const shared = (bytes: number) => new SharedArrayBuffer(Math.max(bytes, 4));
  const hashes = new Uint32Array(shared(count * 8));
  const colours = new Uint8Array(shared(count * COLOUR_BYTES));
  if (threads === 1 || count < 20_000) {
    for (let i = 0; i < count; i++) {
      const fp = itemFingerprint({ categoryId: specs.categoryId[i]!, categoryStyle: specs.categoryStyle[i]!, itemSeed: specs.itemSeed[i]! });
      hashes[i * 2] = fp.hash[0]!;
      hashes[i * 2 + 1] = fp.hash[1]!;
      colours.set(fp.colour, i * COLOUR_BYTES);
    }
    return { count, hashes, colours };
  }
  const copy = (a: Uint32Array) => {
    const c = new Uint32Array(shared(a.byteLength));
    c.set(a);
    return c;
  };
  const categoryId = copy(specs.categoryId);
  const categoryStyle = copy(specs.categoryStyle);
  const itemSeed = copy(specs.itemSeed);
  const per = Math.ceil(count / threads);
  const jobs: Promise<void>[] = [];
  for (let t = 0; t < threads; t++) {
    const start = t * per;
    const end = Math.min(count, start + per);
    if (start >= end) break;
    jobs.push(
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(new URL("./image-fingerprint-worker.ts", import.meta.url), {
          workerData: { start, end, categoryId, categoryStyle, itemSeed, hashes, colours },
        });
        let done = false;
        worker.once("message", () => {
          done = true;
          resolve();
        });
        worker.once("error", reject);
        worker.once("exit", (code) => {
          if (!done) reject(new Error(`fingerprint worker exited with code ${code}`));
        });
      }),
    );
  }
  await Promise.all(jobs);
  return { count, hashes, colours };
}

// ---------------------------------------------------------------------------------------------------
// Crop hypotheses of a query picture

const VARIANT_GRID = FP_SIZE * 3;
/** Cells of edge extension around the grid: enough for 5% + 5% cut from the original. */
const VARIANT_PAD = 4;
const CROP_STEPS = [0, 0.025, 0.05];
/** Extra distance per 2.5% step of hypothesised crop. */
export const CROP_STEP_PENALTY = 20;
/** search() tries the crop hypotheses on this many of its nearest candidates. */
export const CROP_RERANK = 256;

function cropVariants(fine: Float32Array): CropVariant[] {
  const G = VARIANT_GRID;
  const P = VARIANT_PAD;
  const W = G + 2 * P;
  const W1 = W + 1;
  // Summed-area table of the edge-padded grid. Bilinear interpolation of a summed-area table gives the
  // exact integral of a piecewise-constant picture, so any rectangle's mean costs four lookups.
  const sat = new Float64Array(W1 * W1 * 3);
  for (let y = 0; y < W; y++) {
    const sy = y < P ? 0 : y >= P + G ? G - 1 : y - P;
    for (let x = 0; x < W; x++) {
      const sx = x < P ? 0 : x >= P + G ? G - 1 : x - P;
      const src = (sy * G + sx) * 3;
      const o = ((y + 1) * W1 + x + 1) * 3;
      const up = (y * W1 + x + 1) * 3;
      const left = ((y + 1) * W1 + x) * 3;
      const diag = (y * W1 + x) * 3;
      for (let c = 0; c < 3; c++) sat[o + c] = fine[src + c]! + sat[up + c]! + sat[left + c]! - sat[diag + c]!;
    }
  }
  // Cell boundaries of the hypothesised original, in padded-grid units, for each (near, far) crop pair.
  const n = FP_SIZE;
  const bounds: Float64Array[] = [];
  const steps: number[] = [];
  for (const near of CROP_STEPS) {
    for (const far of CROP_STEPS) {
      const b = new Float64Array(n + 1);
      for (let i = 0; i <= n; i++) b[i] = P + ((i / n - near) / (1 - near - far)) * G;
      bounds.push(b);
      steps.push(Math.round((near + far) / 0.025));
    }
  }
  const corner = new Float64Array((n + 1) * (n + 1) * 3);
  const rgb = new Float32Array(n * n * 3);
  const out: CropVariant[] = [];
  for (let bx = 0; bx < bounds.length; bx++) {
    const xs = bounds[bx]!;
    for (let by = 0; by < bounds.length; by++) {
      const total = steps[bx]! + steps[by]!;
      if (total === 0) continue; // the picture itself
      const ys = bounds[by]!;
      for (let j = 0; j <= n; j++) {
        const Y = ys[j]!;
        const y0 = Math.min(W - 1, Math.max(0, Math.floor(Y)));
        const fy = Math.min(1, Math.max(0, Y - y0));
        for (let i = 0; i <= n; i++) {
          const X = xs[i]!;
          const x0 = Math.min(W - 1, Math.max(0, Math.floor(X)));
          const fx = Math.min(1, Math.max(0, X - x0));
          const a = (y0 * W1 + x0) * 3;
          const b = a + 3;
          const c = a + W1 * 3;
          const d = c + 3;
          const o = (j * (n + 1) + i) * 3;
          for (let ch = 0; ch < 3; ch++) {
            const top = sat[a + ch]! + (sat[b + ch]! - sat[a + ch]!) * fx;
            const bottom = sat[c + ch]! + (sat[d + ch]! - sat[c + ch]!) * fx;
            corner[o + ch] = top + (bottom - top) * fy;
          }
        }
      }
      for (let j = 0; j < n; j++) {
        const h = ys[j + 1]! - ys[j]!;
        for (let i = 0; i < n; i++) {
          const area = (xs[i + 1]! - xs[i]!) * h;
          const o00 = (j * (n + 1) + i) * 3;
          const o01 = o00 + 3;
          const o10 = o00 + (n + 1) * 3;
          const o11 = o10 + 3;
          const dst = (j * n + i) * 3;
          for (let ch = 0; ch < 3; ch++) {
            rgb[dst + ch] = (corner[o11 + ch]! - corner[o01 + ch]! - corner[o10 + ch]! + corner[o00 + ch]!) / area;
          }
        }
      }
      const f = fingerprintRgb(rgb);
      out.push({ hash: f.hash, colour: f.colour, steps: total });
    }
  }
  return out;
}

/** Side of the catalog render behind itemFingerprint: 2 × FP_SIZE, averaged 2 × 2 (exact supersampling). */
export const FP_RENDER_SIZE = FP_SIZE * 2;

/**
 * Fingerprint of a catalog item, from a small direct render (FP_RENDER_SIZE px, no PNG, averaged
 * 2 × 2 to FP_SIZE): it matches the fingerprint of the served picture after an area-averaged
 * downscale. About 50 µs per item on one core; fingerprintItems() spreads a catalogue over threads.
 */
export function itemFingerprint(spec: ItemImageSpec): Fingerprint {
  const r = FP_RENDER_SIZE;
  const src = renderItemRgb(spec, r);
  const n = FP_SIZE;
  const rgb = new Float32Array(n * n * 3);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const a = (2 * y * r + 2 * x) * 3;
      const b = a + r * 3;
      const o = (y * n + x) * 3;
      rgb[o] = (src[a]! + src[a + 3]! + src[b]! + src[b + 3]!) * 0.25;
      rgb[o + 1] = (src[a + 1]! + src[a + 4]! + src[b + 1]! + src[b + 4]!) * 0.25;
      rgb[o + 2] = (src[a + 2]! + src[a + 5]! + src[b + 2]! + src[b + 5]!) * 0.25;
    }
  }
  return fingerprintRgb(rgb);
}

// ---------------------------------------------------------------------------------------------------
// Distances

const POP16 = (() => {
  const t = new Uint8Array(65536);
  for (let i = 1; i < 65536; i++) t[i] = (i & 1) + t[i >>> 1]!;
  return t;
})();

function popcount32(x: number): number {
  return POP16[x & 0xffff]! + POP16[x >>> 16]!;
}

export function hammingDistance(a: Fingerprint, b: Fingerprint): number {
  return popcount32((a.hash[0]! ^ b.hash[0]!) >>> 0) + popcount32((a.hash[1]! ^ b.hash[1]!) >>> 0);
}

export function colourDistance(a: Fingerprint, b: Fingerprint): number {
  let s = 0;
  for (let i = 0; i < COLOUR_BYTES; i++) s += Math.abs(a.colour[i]! - b.colour[i]!);
  return s;
}

/** The distance the index ranks by. */
export function fingerprintDistance(a: Fingerprint, b: Fingerprint): number {
  const h = hammingDistance(a, b);
  return HASH_WEIGHT * (h < HASH_CAP ? h : HASH_CAP) + colourDistance(a, b);
}

// ---------------------------------------------------------------------------------------------------
// Index

export interface ImageHit {
  docId: number;
  distance: number;
}

/** Entries kept by the coarse pass before the exact ranking. */
export const COARSE_KEEP = 4096;
/** Most entries one index holds (doc id × this + position must stay an exact float64). */
export const MAX_INDEX_ENTRIES = 1 << 21;
/** Coarse score: weight of a differing hash bit (capped) against the L1 of the colour summaries. */
const COARSE_HASH_WEIGHT = 6;
const COARSE_HASH_CAP = 16;
const COARSE_MAX = COARSE_HASH_WEIGHT * COARSE_HASH_CAP + 6 * 255;
/** Per entry in the scanned array: hash word 0, hash word 1, colour summary words 0 and 1. */
const SCAN_WORDS = 4;

const MAGIC = 0x5849504f; // "OPIX" read as a little-endian word
const FORMAT_VERSION = 2;
const HEADER_BYTES = 16;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Colour summary read by the coarse pass, two words: the whole picture's mean L*, a*, b* (word 0) and
 * the mean L*, a*, b* of the central 2 × 2 cells (word 1), one byte each. Both move little when the
 * picture is cropped or recompressed.
 */
function colourSummary(colour: Uint8Array, offset: number, out: Uint32Array, at: number): void {
  let L = 0;
  let a = 0;
  let b = 0;
  for (let i = 0; i < GRID * GRID; i++) {
    L += colour[offset + i * 3]!;
    a += colour[offset + i * 3 + 1]!;
    b += colour[offset + i * 3 + 2]!;
  }
  const d = GRID * GRID;
  out[at] = (Math.round(L / d) | (Math.round(a / d) << 8) | (Math.round(b / d) << 16)) >>> 0;
  let cL = 0;
  let ca = 0;
  let cb = 0;
  for (const cell of CENTRE_CELLS) {
    cL += colour[offset + cell * 3]!;
    ca += colour[offset + cell * 3 + 1]!;
    cb += colour[offset + cell * 3 + 2]!;
  }
  const e = CENTRE_CELLS.length;
  out[at + 1] = (Math.round(cL / e) | (Math.round(ca / e) << 8) | (Math.round(cb / e) << 16)) >>> 0;
}

const CENTRE_CELLS = [1 * GRID + 1, 1 * GRID + 2, 2 * GRID + 1, 2 * GRID + 2];

function checkFingerprint(fp: Fingerprint): void {
  if (!fp || !(fp.hash instanceof Uint32Array) || fp.hash.length !== HASH_WORDS) {
    throw new TypeError("fingerprint hash must be a Uint32Array(2)");
  }
  if (!(fp.colour instanceof Uint8Array) || fp.colour.length !== COLOUR_BYTES) {
    throw new TypeError(`fingerprint colour must be a Uint8Array(${COLOUR_BYTES})`);
  }
}

/** Collects fingerprints; build() freezes them into an ImageIndex. */
export class ImageIndexBuilder {
  private count = 0;
  private docIds: Uint32Array;
  private hashes: Uint32Array;
  private colours: Uint8Array;

  constructor(expectedCount = 1024) {
    const cap = Math.max(16, Math.min(MAX_INDEX_ENTRIES, Math.floor(expectedCount) || 16));
    this.docIds = new Uint32Array(cap);
    this.hashes = new Uint32Array(cap * HASH_WORDS);
    this.colours = new Uint8Array(cap * COLOUR_BYTES);
  }

  get size(): number {
    return this.count;
  }

  /** Adds one picture; docId is an unsigned 32-bit integer, unique in the index. */
  add(docId: number, fp: Fingerprint): void {
    if (!Number.isInteger(docId) || docId < 0 || docId > 0xffffffff) {
      throw new RangeError(`docId ${docId} is not an unsigned 32-bit integer`);
    }
    checkFingerprint(fp);
    if (this.count === this.docIds.length) {
      if (this.count >= MAX_INDEX_ENTRIES) throw new RangeError(`an image index holds at most ${MAX_INDEX_ENTRIES} entries`);
      const cap = Math.min(MAX_INDEX_ENTRIES, this.count * 2);
      const d = new Uint32Array(cap);
      d.set(this.docIds);
      const h = new Uint32Array(cap * HASH_WORDS);
      h.set(this.hashes);
      const c = new Uint8Array(cap * COLOUR_BYTES);
      c.set(this.colours);
      this.docIds = d;
      this.hashes = h;
      this.colours = c;
    }
    const i = this.count++;
    this.docIds[i] = docId;
    this.hashes[i * 2] = fp.hash[0]!;
    this.hashes[i * 2 + 1] = fp.hash[1]!;
    this.colours.set(fp.colour, i * COLOUR_BYTES);
  }

  /** Adds the i-th fingerprint of packed arrays (see fingerprintItems) under docId. */
  addPacked(docId: number, packed: PackedFingerprints, i: number): void {
    if (!(Number.isInteger(i) && i >= 0 && i < packed.count)) throw new RangeError(`no fingerprint ${i} in the packed arrays`);
    this.add(docId, {
      hash: packed.hashes.subarray(i * 2, i * 2 + 2),
      colour: packed.colours.subarray(i * COLOUR_BYTES, (i + 1) * COLOUR_BYTES),
    });
  }

  /** The index, entries ordered by docId: the same set of adds gives the same index, in any order. */
  build(): ImageIndex {
    const n = this.count;
    let ascending = true;
    for (let i = 1; i < n; i++) {
      if (this.docIds[i]! <= this.docIds[i - 1]!) {
        ascending = false;
        break;
      }
    }
    let order: Uint32Array | null = null;
    if (!ascending) {
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = this.docIds[i]! * MAX_INDEX_ENTRIES + i;
      keys.sort();
      order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = keys[i]! % MAX_INDEX_ENTRIES;
    }
    const docIds = new Uint32Array(n);
    const scan = new Uint32Array(n * SCAN_WORDS);
    const colours = new Uint8Array(n * COLOUR_BYTES);
    for (let j = 0; j < n; j++) {
      const i = order ? order[j]! : j;
      docIds[j] = this.docIds[i]!;
      if (j > 0 && docIds[j] === docIds[j - 1]) throw new RangeError(`docId ${docIds[j]} added twice`);
      colours.set(this.colours.subarray(i * COLOUR_BYTES, (i + 1) * COLOUR_BYTES), j * COLOUR_BYTES);
    }
    return ImageIndex.fromArrays(docIds, colours, (j) => (order ? order[j]! : j), this.hashes, scan);
  }
}

/**
 * Nearest-neighbour index over fingerprints. Memory: 4 (doc id) + 16 (scanned record) + 48 (colour
 * grid) bytes per entry, plus a 2-byte-per-entry score buffer used while searching.
 */
export class ImageIndex {
  /** Doc ids, ascending. */
  private readonly docIds: Uint32Array;
  /** SCAN_WORDS words per entry: what the coarse pass reads. */
  private readonly scan: Uint32Array;
  /** Colour grids, read for the coarse survivors only. */
  private readonly colours: Uint8Array;
  private scores: Uint16Array | null = null;

  private constructor(docIds: Uint32Array, scan: Uint32Array, colours: Uint8Array) {
    this.docIds = docIds;
    this.scan = scan;
    this.colours = colours;
  }

  /** @internal used by the builder: fills the scanned records from hashes and colour grids. */
  static fromArrays(
    docIds: Uint32Array,
    colours: Uint8Array,
    source: (j: number) => number,
    hashes: Uint32Array,
    scan: Uint32Array,
  ): ImageIndex {
    const n = docIds.length;
    for (let j = 0; j < n; j++) {
      const i = source(j);
      scan[j * SCAN_WORDS] = hashes[i * 2]!;
      scan[j * SCAN_WORDS + 1] = hashes[i * 2 + 1]!;
      colourSummary(colours, j * COLOUR_BYTES, scan, j * SCAN_WORDS + 2);
    }
    return new ImageIndex(docIds, scan, colours);
  }

  get size(): number {
    return this.docIds.length;
  }

  /** Bytes held by the index: its arrays and the search score buffer. */
  get memoryBytes(): number {
    return this.docIds.byteLength + this.scan.byteLength + this.colours.byteLength + this.docIds.length * 2;
  }

  /** The k nearest pictures, nearest first; equal distances by ascending docId. */
  search(fp: Fingerprint, k: number): ImageHit[] {
    checkFingerprint(fp);
    const n = this.docIds.length;
    k = Math.max(0, Math.min(Math.floor(k), n));
    if (!(k > 0)) return [];
    const q0 = fp.hash[0]! | 0;
    const q1 = fp.hash[1]! | 0;
    const qsum = new Uint32Array(2);
    colourSummary(fp.colour, 0, qsum, 0);
    // Per-query tables: |byte - query byte| for each of the six summary channels, and the capped,
    // weighted hash term per bit count. Table lookups instead of branches (whose signs are random).
    const T = new Uint16Array(6 * 256);
    for (let ch = 0; ch < 6; ch++) {
      const q = (qsum[ch < 3 ? 0 : 1]! >>> ((ch % 3) * 8)) & 0xff;
      for (let v = 0; v < 256; v++) T[ch * 256 + v] = v > q ? v - q : q - v;
    }
    const H = new Uint16Array(65);
    for (let h = 0; h <= 64; h++) H[h] = COARSE_HASH_WEIGHT * Math.min(h, COARSE_HASH_CAP);
    const scan = this.scan;
    const pop = POP16;

    // Pass 1: coarse score of every entry, and a histogram of the scores.
    let scores = this.scores;
    if (!scores || scores.length !== n) scores = this.scores = new Uint16Array(n);
    const hist = new Uint32Array(COARSE_MAX + 1);
    for (let i = 0, o = 0; i < n; i++, o += SCAN_WORDS) {
      let x0 = scan[o]! ^ q0;
      let x1 = scan[o + 1]! ^ q1;
      // popcount of both words at once (each byte sum stays below 256)
      x0 = x0 - ((x0 >>> 1) & 0x55555555);
      x1 = x1 - ((x1 >>> 1) & 0x55555555);
      x0 = (x0 & 0x33333333) + ((x0 >>> 2) & 0x33333333);
      x1 = (x1 & 0x33333333) + ((x1 >>> 2) & 0x33333333);
      const hd = Math.imul(((x0 + (x0 >>> 4)) & 0x0f0f0f0f) + ((x1 + (x1 >>> 4)) & 0x0f0f0f0f), 0x01010101) >>> 24;
      const g = scan[o + 2]!;
      const c = scan[o + 3]!;
      const score =
        H[hd]! +
        T[g & 0xff]! +
        T[256 + ((g >>> 8) & 0xff)]! +
        T[512 + (g >>> 16)]! +
        T[768 + (c & 0xff)]! +
        T[1024 + ((c >>> 8) & 0xff)]! +
        T[1280 + (c >>> 16)]!;
      scores[i] = score;
      hist[score]!++;
    }
    // Threshold: the smallest score t such that at least `keep` entries score ≤ t.
    const keep = Math.min(n, Math.max(COARSE_KEEP, k));
    let t = 0;
    let below = 0; // entries scoring < t
    for (; t <= COARSE_MAX; t++) {
      if (below + hist[t]! >= keep) break;
      below += hist[t]!;
    }
    // Pass 2: the survivors (all scoring < t, then those scoring t in docId order), exact distance.
    let atT = keep - below;
    const cand = new Uint32Array(keep);
    let m = 0;
    for (let i = 0; i < n && m < keep; i++) {
      const s = scores[i]!;
      if (s < t) cand[m++] = i;
      else if (s === t && atT > 0) {
        cand[m++] = i;
        atT--;
      }
    }
    const keys = new Float64Array(m);
    const colours = this.colours;
    const qcol = fp.colour;
    for (let j = 0; j < m; j++) {
      const i = cand[j]!;
      const o = i * SCAN_WORDS;
      const x0 = scan[o]! ^ q0;
      const x1 = scan[o + 1]! ^ q1;
      const hd = pop[x0 & 0xffff]! + pop[x0 >>> 16]! + pop[x1 & 0xffff]! + pop[x1 >>> 16]!;
      let d = HASH_WEIGHT * (hd < HASH_CAP ? hd : HASH_CAP);
      const base = i * COLOUR_BYTES;
      for (let b = 0; b < COLOUR_BYTES; b++) d += Math.abs(colours[base + b]! - qcol[b]!);
      // distance in the high part, position (docId order) in the low part: one numeric sort does both
      keys[j] = d * MAX_INDEX_ENTRIES + i;
    }
    keys.sort();
    // Crop hypotheses of the query, tried on the nearest candidates: each keeps its best distance.
    const variants = fp.cropVariants;
    if (variants && variants.length > 0 && m > 0) {
      const r = Math.min(m, CROP_RERANK);
      for (let j = 0; j < r; j++) {
        const i = keys[j]! % MAX_INDEX_ENTRIES;
        let best = (keys[j]! - i) / MAX_INDEX_ENTRIES;
        const o = i * SCAN_WORDS;
        const h0 = scan[o]!;
        const h1 = scan[o + 1]!;
        const base = i * COLOUR_BYTES;
        for (const v of variants) {
          let d = v.steps * CROP_STEP_PENALTY;
          if (d >= best) continue;
          const x0 = h0 ^ v.hash[0]!;
          const x1 = h1 ^ v.hash[1]!;
          const hd = pop[x0 & 0xffff]! + pop[x0 >>> 16]! + pop[x1 & 0xffff]! + pop[x1 >>> 16]!;
          d += HASH_WEIGHT * (hd < HASH_CAP ? hd : HASH_CAP);
          const vc = v.colour;
          for (let b = 0; b < COLOUR_BYTES && d < best; b++) d += Math.abs(colours[base + b]! - vc[b]!);
          if (d < best) best = d;
        }
        keys[j] = best * MAX_INDEX_ENTRIES + i;
      }
      keys.sort();
    }
    const out: ImageHit[] = [];
    for (let j = 0; j < k && j < m; j++) {
      const key = keys[j]!;
      const i = key % MAX_INDEX_ENTRIES;
      out.push({ docId: this.docIds[i]!, distance: (key - i) / MAX_INDEX_ENTRIES });
    }
    return out;
  }

  /** Serialised index (little-endian): the same entries always give the same bytes. */
  toBuffer(): Buffer {
    const n = this.docIds.length;
    const out = Buffer.alloc(HEADER_BYTES + n * (4 + COLOUR_BYTES + 8));
    out.writeUInt32LE(MAGIC, 0);
    out.writeUInt32LE(FORMAT_VERSION, 4);
    out.writeUInt32LE(n, 8);
    out.writeUInt32LE(FINGERPRINT_BYTES, 12);
    let p = HEADER_BYTES;
    const putWords = (a: Uint32Array) => {
      if (LITTLE_ENDIAN) out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), p);
      else for (let i = 0; i < a.length; i++) out.writeUInt32LE(a[i]!, p + i * 4);
      p += a.byteLength;
    };
    putWords(this.docIds);
    // hashes only: the colour summaries are derived again on load
    const hashes = new Uint32Array(n * 2);
    for (let i = 0; i < n; i++) {
      hashes[i * 2] = this.scan[i * SCAN_WORDS]!;
      hashes[i * 2 + 1] = this.scan[i * SCAN_WORDS + 1]!;
    }
    putWords(hashes);
    out.set(this.colours, p);
    return out;
  }

  static fromBuffer(buf: Uint8Array): ImageIndex {
    const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    if (b.length < HEADER_BYTES || b.readUInt32LE(0) !== MAGIC) throw new Error("not an image index");
    if (b.readUInt32LE(4) !== FORMAT_VERSION) throw new Error(`image index format ${b.readUInt32LE(4)} is not supported`);
    if (b.readUInt32LE(12) !== FINGERPRINT_BYTES) throw new Error("image index was built with another fingerprint layout");
    const n = b.readUInt32LE(8);
    if (n > MAX_INDEX_ENTRIES || b.length !== HEADER_BYTES + n * (4 + 8 + COLOUR_BYTES)) {
      throw new Error("image index is truncated or corrupt");
    }
    let p = HEADER_BYTES;
    const words = (count: number) => {
      const a = new Uint32Array(count);
      if (LITTLE_ENDIAN) new Uint8Array(a.buffer).set(b.subarray(p, p + count * 4));
      else for (let i = 0; i < count; i++) a[i] = b.readUInt32LE(p + i * 4);
      p += count * 4;
      return a;
    };
    const docIds = words(n);
    for (let i = 1; i < n; i++) if (docIds[i]! <= docIds[i - 1]!) throw new Error("image index doc ids are not ascending");
    const hashes = words(n * 2);
    const colours = new Uint8Array(n * COLOUR_BYTES);
    colours.set(b.subarray(p, p + n * COLOUR_BYTES));
    return ImageIndex.fromArrays(docIds, colours, (j) => j, hashes, new Uint32Array(n * SCAN_WORDS));
  }
}
