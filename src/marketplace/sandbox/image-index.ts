// Perceptual fingerprints of pictures and a nearest-neighbour index over up to a few million of them.
//
// Fingerprint (FINGERPRINT_BYTES = 56 bytes):
//   - hash: 64-bit DCT perceptual hash. The picture is area-averaged to FP_SIZE × FP_SIZE, turned to
//     luma, transformed by a 2-D DCT; the 64 lowest-frequency AC coefficients (ordered by u+v, then u)
//     are compared with their median, one bit each. It captures layout and shape, ignores colour.
//   - colour: a 4 × 4 grid of mean CIELAB colour (L*, a*, b* in one byte each, 48 bytes). It captures
//     the palette and where it sits: what sets apart two items of one category.
//
// Distance: HASH_WEIGHT × hamming(hash) + L1(colour grid).
//
// Index: fingerprints are held in typed arrays sorted by docId. A search scans every entry with a
// cheap coarse distance (hamming of the hash words by 16-bit popcount table, plus the L1 distance of
// a 4-byte colour summary), keeps the best COARSE_KEEP by a histogram threshold, and ranks those by
// the full distance. Brute force, but each entry costs a few dozen machine operations.
import { renderItemRgb, type ItemImageSpec, type RgbaImage } from "./images.ts";

/** Side of the square grid every picture is reduced to before fingerprinting. */
export const FP_SIZE = 16;
const GRID = 4;
export const HASH_WORDS = 2;
export const COLOUR_BYTES = GRID * GRID * 3;
export const FINGERPRINT_BYTES = HASH_WORDS * 4 + COLOUR_BYTES;
/** Weight of one differing hash bit against one unit of colour L1 distance. */
export const HASH_WEIGHT = Number(process.env.TUNE_HW ?? 6);
/** Differing hash bits beyond this count cost nothing more. */
export const HASH_CAP = Number(process.env.TUNE_CAP ?? 64);

export interface Fingerprint {
  /** 64-bit perceptual hash, two 32-bit words. */
  hash: Uint32Array;
  /** 4 × 4 × (L*, a*, b*) bytes, row-major. */
  colour: Uint8Array;
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
  const { width, height, rgba } = image;
  if (width < 1 || height < 1 || rgba.length < width * height * 4) throw new RangeError("empty or short image");
  const n = FP_SIZE;
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

// Scratch buffers (fingerprinting is synchronous, so one set per thread suffices).
const Y_BUF = new Float64Array(FP_SIZE * FP_SIZE);
const R_BUF = new Float64Array(FP_SIZE * DCT_K);
const COEF_BUF = new Float64Array(64);
const SORT_BUF = new Float64Array(64);

/** Fingerprint of a FP_SIZE × FP_SIZE float RGB buffer (values 0..1). */
export function fingerprintRgb(rgb: Float32Array): Fingerprint {
  const n = FP_SIZE;
  if (rgb.length !== n * n * 3) throw new RangeError(`expected ${n}×${n} RGB`);
  const Y = Y_BUF;
  for (let i = 0, o = 0; i < n * n; i++, o += 3) Y[i] = 0.299 * rgb[o]! + 0.587 * rgb[o + 1]! + 0.114 * rgb[o + 2]!;
  // Row transform: R[y][u] = sum_x Y[y][x] cos(...)
  const R = R_BUF;
  for (let y = 0; y < n; y++) {
    const yb = y * n;
    for (let u = 0; u < DCT_K; u++) {
      let sum = 0;
      const tb = u * n;
      for (let x = 0; x < n; x++) sum += Y[yb + x]! * DCT_TABLE[tb + x]!;
      R[y * DCT_K + u] = sum;
    }
  }
  // Column transform, only for the 64 coefficients used.
  const coeffs = COEF_BUF;
  for (let i = 0; i < 64; i++) {
    const c = HASH_COEFFS[i]!;
    const u = (c / DCT_K) | 0;
    const v = c - u * DCT_K;
    const tb = v * n;
    let sum = 0;
    for (let y = 0; y < n; y++) sum += R[y * DCT_K + u]! * DCT_TABLE[tb + y]!;
    coeffs[i] = sum;
  }
  SORT_BUF.set(coeffs);
  SORT_BUF.sort();
  const median = (SORT_BUF[31]! + SORT_BUF[32]!) / 2;
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
  return fingerprintRgb(reduceImage(image));
}

/** Fingerprint of a catalog item, rendered directly at FP_SIZE (no PNG, no big render). */
export function itemFingerprint(spec: ItemImageSpec): Fingerprint {
  return fingerprintRgb(renderItemRgb(spec, FP_SIZE));
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
export const COARSE_KEEP = Number(process.env.TUNE_KEEP ?? 4096);
/** Most entries one index holds (doc id × this + position must stay an exact float64). */
export const MAX_INDEX_ENTRIES = 1 << 21;
/** Coarse score: weight of a differing hash bit (capped) against the L1 of the colour summaries. */
const COARSE_HASH_WEIGHT = Number(process.env.TUNE_CHW ?? 6);
const COARSE_HASH_CAP = Number(process.env.TUNE_CCAP ?? 16);
const COARSE_MAX = COARSE_HASH_WEIGHT * COARSE_HASH_CAP + 6 * 255;
/** Per entry in the scanned array: hash word 0, hash word 1, colour summary words 0 and 1. */
const SCAN_WORDS = 4;

const MAGIC = 0x5849504f; // "OPIX" read as a little-endian word
const FORMAT_VERSION = 1;
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

/** L1 distance of the three bytes of two packed colour words. */
function packedL1(x: number, y: number): number {
  const a = (x & 0xff) - (y & 0xff);
  const b = ((x >>> 8) & 0xff) - ((y >>> 8) & 0xff);
  const c = ((x >>> 16) & 0xff) - ((y >>> 16) & 0xff);
  return (a < 0 ? -a : a) + (b < 0 ? -b : b) + (c < 0 ? -c : c);
}

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
    const qg = qsum[0]!;
    const qc = qsum[1]!;
    const qgL = qg & 0xff;
    const qga = (qg >>> 8) & 0xff;
    const qgb = qg >>> 16;
    const qcL = qc & 0xff;
    const qca = (qc >>> 8) & 0xff;
    const qcb = qc >>> 16;
    const scan = this.scan;
    const pop = POP16;
    const W = COARSE_HASH_WEIGHT;
    const CAP = COARSE_HASH_CAP;

    // Pass 1: coarse score of every entry, and a histogram of the scores.
    let scores = this.scores;
    if (!scores || scores.length !== n) scores = this.scores = new Uint16Array(n);
    const hist = new Uint32Array(COARSE_MAX + 1);
    for (let i = 0, o = 0; i < n; i++, o += SCAN_WORDS) {
      const x0 = scan[o]! ^ q0;
      const x1 = scan[o + 1]! ^ q1;
      const hd = pop[x0 & 0xffff]! + pop[x0 >>> 16]! + pop[x1 & 0xffff]! + pop[x1 >>> 16]!;
      const g = scan[o + 2]!;
      const c = scan[o + 3]!;
      let e = (g & 0xff) - qgL;
      let score = e < 0 ? -e : e;
      e = ((g >>> 8) & 0xff) - qga;
      score += e < 0 ? -e : e;
      e = (g >>> 16) - qgb;
      score += e < 0 ? -e : e;
      e = (c & 0xff) - qcL;
      score += e < 0 ? -e : e;
      e = ((c >>> 8) & 0xff) - qca;
      score += e < 0 ? -e : e;
      e = (c >>> 16) - qcb;
      score += e < 0 ? -e : e;
      score += W * (hd < CAP ? hd : CAP);
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
      for (let b = 0; b < COLOUR_BYTES; b++) {
        const e = colours[base + b]! - qcol[b]!;
        d += e < 0 ? -e : e;
      }
      // distance in the high part, position (docId order) in the low part: one numeric sort does both
      keys[j] = d * MAX_INDEX_ENTRIES + i;
    }
    keys.sort();
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
