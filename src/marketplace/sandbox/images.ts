// Deterministic product pictures for the sandbox catalog, and the PNG/JPEG codec edge of image search.
//
// A picture is a scene in unit coordinates (u to the right, v downwards, both 0..1): a background
// (gradient, optional floor, soft shadow), a product drawn as a union of signed-distance primitives
// (the shape family comes from the category's style, its proportions from the category, its colours,
// pattern, position and scale from the item), text-like marks, and an optional promo badge.
//
// Every pixel is the scene box-filtered over the pixel's area: edges are anti-aliased from their
// signed distance, axis-aligned marks get their exact area coverage, and stripes/checks are
// integrated analytically. Rendering the same spec at 16 px or at 800 px therefore gives pictures
// whose area-averaged downscales agree, which is what the fingerprints of image-index.ts rely on:
// the catalog fingerprints a tiny render, a shopper uploads the big one.
//
// The same spec gives the same pixels on every machine: only seededRandom and IEEE arithmetic are
// used (no Math.sin/cos/pow/exp in the per-pixel path; angles are drawn as unit vectors).
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";
import { seededRandom } from "../../platform/random.ts";

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major, RGBA, not premultiplied. */
  rgba: Uint8Array;
}

export interface ItemImageSpec {
  categoryId: number;
  /** Shape family of the category; taken modulo IMAGE_STYLE_COUNT. */
  categoryStyle: number;
  itemSeed: number;
}

/** Names of the shape families, indexed by categoryStyle % IMAGE_STYLE_COUNT. */
export const IMAGE_STYLES = [
  "dress",
  "t-shirt",
  "trousers",
  "shoe",
  "phone",
  "laptop",
  "bowl",
  "mug",
  "bottle",
  "handbag",
  "backpack",
  "watch",
  "headphones",
  "lamp",
  "chair",
  "sofa",
  "cap",
  "umbrella",
  "gift-box",
  "teapot",
  "ring",
  "skirt",
  "sneaker-high",
  "tablet-stand",
] as const;
export const IMAGE_STYLE_COUNT = IMAGE_STYLES.length;

/** Limits for uploaded images (image search). */
export { MAX_IMAGE_BYTES } from "../port.ts";
import { MAX_IMAGE_BYTES } from "../port.ts";
export const MAX_IMAGE_PIXELS = 20_000_000;

// ---------------------------------------------------------------------------------------------------
// Small deterministic helpers

function mix32(h: number, x: number): number {
  h = Math.imul(h ^ (x >>> 0), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

type Rgb = [number, number, number];

function hueToRgb(p: number, q: number, t: number): number {
  if (t < 0) t += 1;
  if (t > 1) t -= 1;
  if (t < 1 / 6) return p + (q - p) * 6 * t;
  if (t < 1 / 2) return q;
  if (t < 2 / 3) return p + (q - p) * (2 / 3 - t) * 6;
  return p;
}

/** h in degrees (any value), s and l in 0..1. */
function hsl(h: number, s: number, l: number): Rgb {
  const hh = (((h % 360) + 360) % 360) / 360;
  s = clamp01(s);
  l = clamp01(l);
  if (s === 0) return [l, l, l];
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  return [hueToRgb(p, q, hh + 1 / 3), hueToRgb(p, q, hh), hueToRgb(p, q, hh - 1 / 3)];
}

function lerpRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Length of the overlap of [a0,a1] and [b0,b1]. */
function overlap(a0: number, a1: number, b0: number, b1: number): number {
  const lo = a0 > b0 ? a0 : b0;
  const hi = a1 < b1 ? a1 : b1;
  return hi > lo ? hi - lo : 0;
}

/** Integral over [0,x] of a square wave of period 1 that is 1 on [0,duty). */
function squareIntegral(x: number, duty: number): number {
  const f = Math.floor(x);
  const r = x - f;
  return f * duty + (r < duty ? r : duty);
}

/** Box-filtered square wave: mean over [x - w/2, x + w/2] (x, w in periods). */
function filteredSquare(x: number, w: number, duty: number): number {
  return (squareIntegral(x + w / 2, duty) - squareIntegral(x - w / 2, duty)) / w;
}

// ---------------------------------------------------------------------------------------------------
// Signed distance primitives (unit coordinates, v downwards)

const K_ELLIPSE = 0;
const K_BOX = 1;
const K_TRAP = 2;
const K_SEG = 3;
const K_RING = 4;
const K_HALF_ELLIPSE = 5;

// Colour roles of a primitive
const R_BODY = 0; // main colour with the item's pattern
const R_ACCENT = 1; // secondary colour, solid
const R_DARK = 2; // dark shade of the main colour
const R_LIGHT = 3; // near white
const R_METAL = 4; // grey metal
const R_SCREEN = 5; // dark glass with a highlight
const R_BG = 6; // background showing through (holes)
const R_TRIM = 7; // category trim colour

class Prim {
  kind: number;
  role: number;
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
  constructor(kind: number, role: number, a: number, b: number, c: number, d: number, e = 0, f = 0) {
    this.kind = kind;
    this.role = role;
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    this.e = e;
    this.f = f;
  }
}

const ell = (role: number, cx: number, cy: number, rx: number, ry: number) => new Prim(K_ELLIPSE, role, cx, cy, rx, ry);
const box = (role: number, cx: number, cy: number, hw: number, hh: number, r = 0) =>
  new Prim(K_BOX, role, cx, cy, hw, hh, r);
/** Trapezoid around (cx, cy): half-width hwTop at the top edge, hwBot at the bottom edge. */
const trap = (role: number, cx: number, cy: number, hwTop: number, hwBot: number, hh: number) =>
  new Prim(K_TRAP, role, cx, cy, hwTop, hwBot, hh);
const seg = (role: number, x0: number, y0: number, x1: number, y1: number, r: number) =>
  new Prim(K_SEG, role, x0, y0, x1, y1, r);
/** Ring of radius R and half-thickness w; half: 0 full, 1 upper half, 2 lower half, 3 right half. */
const ring = (role: number, cx: number, cy: number, R: number, w: number, half = 0) =>
  new Prim(K_RING, role, cx, cy, R, w, half);
/** Half ellipse: half 1 = upper half (dome), 2 = lower half (bowl). */
const halfEll = (role: number, cx: number, cy: number, rx: number, ry: number, half: number) =>
  new Prim(K_HALF_ELLIPSE, role, cx, cy, rx, ry, half);

function sdEllipse(px: number, py: number, rx: number, ry: number): number {
  const k0 = Math.sqrt((px * px) / (rx * rx) + (py * py) / (ry * ry));
  const k1 = Math.sqrt((px * px) / (rx * rx * rx * rx) + (py * py) / (ry * ry * ry * ry));
  if (k1 < 1e-9) return -(rx < ry ? rx : ry);
  return (k0 * (k0 - 1)) / k1;
}

function sdf(p: Prim, u: number, v: number): number {
  switch (p.kind) {
    case K_ELLIPSE:
      return sdEllipse(u - p.a, v - p.b, p.c, p.d);
    case K_BOX: {
      const r = p.e;
      const qx = Math.abs(u - p.a) - p.c + r;
      const qy = Math.abs(v - p.b) - p.d + r;
      const ox = qx > 0 ? qx : 0;
      const oy = qy > 0 ? qy : 0;
      const inner = qx > qy ? qx : qy;
      return Math.sqrt(ox * ox + oy * oy) + (inner < 0 ? inner : 0) - r;
    }
    case K_TRAP: {
      // iq's sdTrapezoid with y up: r1 = bottom half-width, r2 = top half-width.
      const r1 = p.d;
      const r2 = p.c;
      const he = p.e;
      const px = Math.abs(u - p.a);
      const py = p.b - v;
      const k2x = r2 - r1;
      const k2y = 2 * he;
      const lim = py < 0 ? r1 : r2;
      const cax = px - (px < lim ? px : lim);
      const cay = Math.abs(py) - he;
      let t = ((r2 - px) * k2x + (he - py) * k2y) / (k2x * k2x + k2y * k2y);
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const cbx = px - r2 + k2x * t;
      const cby = py - he + k2y * t;
      const s = cbx < 0 && cay < 0 ? -1 : 1;
      const da = cax * cax + cay * cay;
      const db = cbx * cbx + cby * cby;
      return s * Math.sqrt(da < db ? da : db);
    }
    case K_SEG: {
      const pax = u - p.a;
      const pay = v - p.b;
      const bax = p.c - p.a;
      const bay = p.d - p.b;
      let h = (pax * bax + pay * bay) / (bax * bax + bay * bay);
      h = h < 0 ? 0 : h > 1 ? 1 : h;
      const dx = pax - bax * h;
      const dy = pay - bay * h;
      return Math.sqrt(dx * dx + dy * dy) - p.e;
    }
    case K_RING: {
      const dx = u - p.a;
      const dy = v - p.b;
      const d = Math.abs(Math.sqrt(dx * dx + dy * dy) - p.c) - p.d;
      if (p.e === 1) return d > dy ? d : dy;
      if (p.e === 2) return d > -dy ? d : -dy;
      if (p.e === 3) return d > -dx ? d : -dx;
      return d;
    }
    case K_HALF_ELLIPSE: {
      const dy = v - p.b;
      const d = sdEllipse(u - p.a, dy, p.c, p.d);
      const cut = p.e === 1 ? dy : -dy;
      return d > cut ? d : cut;
    }
  }
  return 1;
}

/** Bounding box [u0, v0, u1, v1] of a primitive. */
function bounds(p: Prim): [number, number, number, number] {
  switch (p.kind) {
    case K_ELLIPSE:
    case K_HALF_ELLIPSE:
      return [p.a - p.c, p.b - p.d, p.a + p.c, p.b + p.d];
    case K_BOX:
      return [p.a - p.c, p.b - p.d, p.a + p.c, p.b + p.d];
    case K_TRAP: {
      const w = p.c > p.d ? p.c : p.d;
      return [p.a - w, p.b - p.e, p.a + w, p.b + p.e];
    }
    case K_SEG:
      return [Math.min(p.a, p.c) - p.e, Math.min(p.b, p.d) - p.e, Math.max(p.a, p.c) + p.e, Math.max(p.b, p.d) + p.e];
    case K_RING: {
      const r = p.c + p.d;
      return [p.a - r, p.b - r, p.a + r, p.b + r];
    }
  }
  return [0, 0, 1, 1];
}

// ---------------------------------------------------------------------------------------------------
// Shape families. Each builds its primitives in a unit frame centred on (0.5, 0.5), from three
// category proportions (k1..k3 in 0..1) and returns them with the positions of a label area
// [u0, v0, u1, v1] for text-like marks (or null).

interface Shape {
  prims: Prim[];
  label: [number, number, number, number] | null;
}

type ShapeBuilder = (k1: number, k2: number, k3: number) => Shape;

const SHAPES: ShapeBuilder[] = [
  // dress
  (k1, k2, k3) => {
    const waist = 0.4 + 0.06 * k1;
    const hem = 0.14 + 0.12 * k2;
    const bottom = 0.78 + 0.08 * k3;
    return {
      prims: [
        seg(R_BODY, 0.43, 0.2, 0.42, 0.28, 0.018),
        seg(R_BODY, 0.57, 0.2, 0.58, 0.28, 0.018),
        trap(R_BODY, 0.5, (0.27 + waist) / 2, 0.09, 0.075, (waist - 0.27) / 2),
        trap(R_BODY, 0.5, (waist + bottom) / 2, 0.075, 0.075 + hem + 0.06, (bottom - waist) / 2),
        box(R_ACCENT, 0.5, waist, 0.08, 0.014, 0.006),
      ],
      label: null,
    };
  },
  // t-shirt
  (k1, k2, k3) => {
    const hw = 0.17 + 0.04 * k1;
    const sl = 0.1 + 0.06 * k2;
    const bottom = 0.75 + 0.06 * k3;
    return {
      prims: [
        seg(R_BODY, 0.5 - hw + 0.03, 0.3, 0.5 - hw - sl, 0.42, 0.065),
        seg(R_BODY, 0.5 + hw - 0.03, 0.3, 0.5 + hw + sl, 0.42, 0.065),
        box(R_BODY, 0.5, (0.27 + bottom) / 2, hw, (bottom - 0.27) / 2, 0.03),
        ell(R_BG, 0.5, 0.265, 0.07, 0.045),
        box(R_TRIM, 0.5, bottom - 0.012, hw - 0.01, 0.012, 0.006),
      ],
      label: [0.42, 0.38, 0.58, 0.46],
    };
  },
  // trousers
  (k1, k2, k3) => {
    const hw = 0.13 + 0.04 * k1;
    const flare = 0.045 + 0.04 * k2;
    const bottom = 0.82 + 0.06 * k3;
    return {
      prims: [
        box(R_TRIM, 0.5, 0.2, hw, 0.025, 0.01),
        trap(R_BODY, 0.5 - hw / 2, (0.22 + bottom) / 2, hw / 2 + 0.01, flare + 0.02, (bottom - 0.22) / 2),
        trap(R_BODY, 0.5 + hw / 2, (0.22 + bottom) / 2, hw / 2 + 0.01, flare + 0.02, (bottom - 0.22) / 2),
        box(R_BODY, 0.5, 0.3, hw, 0.08, 0.01),
        trap(R_BG, 0.5, (0.4 + bottom) / 2 + 0.01, 0.002, 0.02 + flare * 0.6, (bottom - 0.4) / 2),
        seg(R_DARK, 0.5, 0.23, 0.5, 0.36, 0.004),
      ],
      label: null,
    };
  },
  // shoe
  (k1, k2, k3) => {
    const len = 0.32 + 0.06 * k1;
    const h = 0.12 + 0.05 * k2;
    return {
      prims: [
        box(R_LIGHT, 0.5, 0.64, len, 0.04, 0.035),
        halfEll(R_BODY, 0.55, 0.62, len - 0.03, h, 1),
        box(R_BODY, 0.5 - len + 0.12, 0.55, 0.1, 0.08 + 0.04 * k3, 0.04),
        seg(R_ACCENT, 0.43, 0.5, 0.52, 0.6, 0.014),
        seg(R_ACCENT, 0.46, 0.47, 0.56, 0.58, 0.012),
        ell(R_DARK, 0.5 - len + 0.1, 0.46, 0.04, 0.018),
      ],
      label: [0.62, 0.57, 0.74, 0.6],
    };
  },
  // phone
  (k1, k2, k3) => {
    const hw = 0.16 + 0.04 * k1;
    const hh = 0.3 + 0.05 * k2;
    const r = 0.02 + 0.03 * k3;
    return {
      prims: [
        box(R_BODY, 0.5, 0.5, hw, hh, r),
        box(R_SCREEN, 0.5, 0.5, hw - 0.02, hh - 0.04, r * 0.6),
        box(R_DARK, 0.5, 0.5 - hh + 0.022, 0.04, 0.007, 0.007),
        ell(R_ACCENT, 0.5, 0.5 + hh - 0.03, 0.018, 0.018),
      ],
      label: [0.5 - hw + 0.05, 0.5 - hh + 0.08, 0.5 + hw - 0.05, 0.5 - hh + 0.18],
    };
  },
  // laptop
  (k1, k2, k3) => {
    const hw = 0.3 + 0.05 * k1;
    const sh = 0.17 + 0.04 * k2;
    return {
      prims: [
        box(R_BODY, 0.5, 0.55 - sh, hw, sh, 0.02),
        box(R_SCREEN, 0.5, 0.55 - sh, hw - 0.025, sh - 0.025, 0.01),
        trap(R_BODY, 0.5, 0.6, hw + 0.01, hw + 0.06 + 0.03 * k3, 0.05),
        box(R_DARK, 0.5, 0.6, 0.06, 0.012, 0.006),
      ],
      label: [0.5 - hw + 0.06, 0.55 - 2 * sh + 0.06, 0.5, 0.55 - 2 * sh + 0.14],
    };
  },
  // bowl
  (k1, k2, k3) => {
    const rx = 0.28 + 0.06 * k1;
    const ry = 0.18 + 0.06 * k2;
    return {
      prims: [
        box(R_DARK, 0.5, 0.48 + ry + 0.02, 0.08 + 0.04 * k3, 0.025, 0.01),
        halfEll(R_BODY, 0.5, 0.48, rx, ry, 2),
        ell(R_ACCENT, 0.5, 0.48, rx, 0.045),
        ell(R_DARK, 0.5, 0.485, rx - 0.025, 0.03),
      ],
      label: null,
    };
  },
  // mug
  (k1, k2, k3) => {
    const hw = 0.15 + 0.04 * k1;
    const hh = 0.2 + 0.04 * k2;
    return {
      prims: [
        ring(R_BODY, 0.5 + hw, 0.5, 0.08 + 0.03 * k3, 0.025, 3),
        box(R_BODY, 0.5 - 0.03, 0.5, hw, hh, 0.03),
        ell(R_DARK, 0.5 - 0.03, 0.5 - hh + 0.02, hw - 0.02, 0.025),
      ],
      label: [0.5 - hw + 0.02, 0.45, 0.5 + hw - 0.08, 0.55],
    };
  },
  // bottle
  (k1, k2, k3) => {
    const hw = 0.11 + 0.04 * k1;
    const neck = 0.035 + 0.02 * k2;
    return {
      prims: [
        box(R_ACCENT, 0.5, 0.14, neck + 0.01, 0.04, 0.01),
        trap(R_BODY, 0.5, 0.25, neck, hw, 0.07),
        box(R_BODY, 0.5, 0.57, hw, 0.26, 0.04 + 0.03 * k3),
        box(R_LIGHT, 0.5, 0.58, hw, 0.1, 0),
      ],
      label: [0.5 - hw + 0.03, 0.52, 0.5 + hw - 0.03, 0.64],
    };
  },
  // handbag
  (k1, k2, k3) => {
    const hw = 0.24 + 0.05 * k1;
    return {
      prims: [
        ring(R_DARK, 0.5, 0.42, 0.1 + 0.04 * k2, 0.018, 1),
        trap(R_BODY, 0.5, 0.6, hw - 0.04 - 0.04 * k3, hw, 0.17),
        box(R_ACCENT, 0.5, 0.5, hw - 0.05, 0.03, 0.01),
        box(R_METAL, 0.5, 0.53, 0.03, 0.02, 0.006),
      ],
      label: null,
    };
  },
  // backpack
  (k1, k2, k3) => {
    const hw = 0.19 + 0.04 * k1;
    const hh = 0.28 + 0.04 * k2;
    return {
      prims: [
        ring(R_DARK, 0.5, 0.5 - hh + 0.04, 0.06, 0.015, 1),
        box(R_BODY, 0.5, 0.52, hw, hh, 0.08),
        box(R_ACCENT, 0.5, 0.64, hw - 0.05, 0.1 + 0.04 * k3, 0.04),
        seg(R_METAL, 0.5 - hw + 0.06, 0.56, 0.5 + hw - 0.06, 0.56, 0.006),
      ],
      label: [0.5 - 0.08, 0.3, 0.5 + 0.08, 0.36],
    };
  },
  // watch
  (k1, k2, k3) => {
    const r = 0.15 + 0.04 * k1;
    const sw = 0.07 + 0.03 * k2;
    return {
      prims: [
        box(R_BODY, 0.5, 0.5, sw, 0.42, 0.03),
        ring(R_METAL, 0.5, 0.5, r, 0.02 + 0.015 * k3),
        ell(R_LIGHT, 0.5, 0.5, r - 0.015, r - 0.015),
        seg(R_DARK, 0.5, 0.5, 0.5, 0.5 - r * 0.65, 0.008),
        seg(R_DARK, 0.5, 0.5, 0.5 + r * 0.45, 0.5, 0.008),
      ],
      label: [0.5 - r * 0.45, 0.5 + r * 0.3, 0.5 + r * 0.45, 0.5 + r * 0.55],
    };
  },
  // headphones
  (k1, k2, k3) => {
    const R = 0.22 + 0.04 * k1;
    const cup = 0.08 + 0.03 * k2;
    return {
      prims: [
        ring(R_BODY, 0.5, 0.52, R, 0.025 + 0.01 * k3, 1),
        ell(R_BODY, 0.5 - R, 0.6, cup * 0.75, cup),
        ell(R_BODY, 0.5 + R, 0.6, cup * 0.75, cup),
        ell(R_DARK, 0.5 - R + cup * 0.4, 0.6, cup * 0.3, cup * 0.8),
        ell(R_DARK, 0.5 + R - cup * 0.4, 0.6, cup * 0.3, cup * 0.8),
      ],
      label: null,
    };
  },
  // lamp
  (k1, k2, k3) => {
    const top = 0.08 + 0.04 * k1;
    const bot = 0.2 + 0.05 * k2;
    return {
      prims: [
        seg(R_METAL, 0.5, 0.4, 0.5, 0.8, 0.012),
        ell(R_DARK, 0.5, 0.82, 0.12 + 0.04 * k3, 0.03),
        trap(R_BODY, 0.5, 0.3, top, bot, 0.13),
        box(R_TRIM, 0.5, 0.42, bot - 0.005, 0.01, 0),
      ],
      label: null,
    };
  },
  // chair
  (k1, k2, k3) => {
    const hw = 0.17 + 0.04 * k1;
    const back = 0.2 + 0.06 * k2;
    return {
      prims: [
        seg(R_DARK, 0.5 - hw + 0.03, 0.6, 0.5 - hw + 0.01, 0.86, 0.014),
        seg(R_DARK, 0.5 + hw - 0.03, 0.6, 0.5 + hw - 0.01, 0.86, 0.014),
        box(R_BODY, 0.5, 0.56 - back / 2 - 0.02, hw - 0.01, back / 2, 0.04 + 0.03 * k3),
        box(R_BODY, 0.5, 0.58, hw + 0.02, 0.035, 0.02),
      ],
      label: null,
    };
  },
  // sofa
  (k1, k2, k3) => {
    const hw = 0.34 + 0.04 * k1;
    return {
      prims: [
        box(R_BODY, 0.5, 0.45, hw - 0.04, 0.12 + 0.03 * k2, 0.04),
        box(R_BODY, 0.5, 0.62, hw, 0.08, 0.03),
        box(R_ACCENT, 0.5 - hw + 0.04, 0.56, 0.05, 0.12, 0.04),
        box(R_ACCENT, 0.5 + hw - 0.04, 0.56, 0.05, 0.12, 0.04),
        box(R_LIGHT, 0.5 - 0.1, 0.44, 0.06 + 0.02 * k3, 0.06, 0.02),
        seg(R_DARK, 0.5 - hw + 0.06, 0.72, 0.5 - hw + 0.06, 0.78, 0.01),
        seg(R_DARK, 0.5 + hw - 0.06, 0.72, 0.5 + hw - 0.06, 0.78, 0.01),
      ],
      label: null,
    };
  },
  // cap
  (k1, k2, k3) => {
    const rx = 0.22 + 0.04 * k1;
    const ry = 0.18 + 0.05 * k2;
    return {
      prims: [
        ell(R_ACCENT, 0.5 + 0.12 + 0.04 * k3, 0.6, 0.22, 0.04),
        halfEll(R_BODY, 0.5, 0.6, rx, ry, 1),
        ell(R_DARK, 0.5, 0.6 - ry, 0.02, 0.012),
      ],
      label: [0.42, 0.6 - ry * 0.6, 0.58, 0.6 - ry * 0.25],
    };
  },
  // umbrella
  (k1, k2, k3) => {
    const rx = 0.33 + 0.04 * k1;
    const ry = 0.2 + 0.05 * k2;
    return {
      prims: [
        seg(R_DARK, 0.5, 0.3, 0.5, 0.78, 0.01),
        ring(R_DARK, 0.46, 0.78, 0.04, 0.01, 2),
        halfEll(R_BODY, 0.5, 0.46, rx, ry, 1),
        ell(R_BG, 0.5 - rx * 0.5, 0.47, rx * 0.25, 0.03 + 0.01 * k3),
        ell(R_BG, 0.5 + rx * 0.5, 0.47, rx * 0.25, 0.03 + 0.01 * k3),
      ],
      label: null,
    };
  },
  // gift box
  (k1, k2, k3) => {
    const hw = 0.22 + 0.05 * k1;
    const hh = 0.18 + 0.05 * k2;
    return {
      prims: [
        box(R_BODY, 0.5, 0.56, hw, hh, 0.01),
        box(R_BODY, 0.5, 0.56 - hh - 0.02, hw + 0.02, 0.04, 0.01),
        box(R_ACCENT, 0.5, 0.54, 0.025, hh + 0.04, 0),
        ell(R_ACCENT, 0.45, 0.56 - hh - 0.09, 0.05 + 0.02 * k3, 0.035),
        ell(R_ACCENT, 0.55, 0.56 - hh - 0.09, 0.05 + 0.02 * k3, 0.035),
      ],
      label: [0.5 + 0.05, 0.6, 0.5 + hw - 0.03, 0.66],
    };
  },
  // teapot
  (k1, k2, k3) => {
    const rx = 0.2 + 0.04 * k1;
    const ry = 0.16 + 0.03 * k2;
    return {
      prims: [
        seg(R_BODY, 0.5 + rx - 0.04, 0.58, 0.5 + rx + 0.12, 0.42, 0.022),
        ring(R_BODY, 0.5 - rx, 0.56, 0.08 + 0.02 * k3, 0.022, 0),
        ell(R_BODY, 0.5, 0.58, rx, ry),
        halfEll(R_ACCENT, 0.5, 0.58 - ry + 0.02, 0.09, 0.06, 1),
        ell(R_DARK, 0.5, 0.58 - ry - 0.04, 0.02, 0.015),
      ],
      label: null,
    };
  },
  // ring
  (k1, k2, k3) => {
    const R = 0.2 + 0.05 * k1;
    return {
      prims: [
        ell(R_DARK, 0.5, 0.8, 0.26, 0.04),
        ring(R_BODY, 0.5, 0.55, R, 0.03 + 0.015 * k2, 0),
        ell(R_ACCENT, 0.5, 0.55 - R - 0.04, 0.06 + 0.02 * k3, 0.05 + 0.02 * k3),
        ell(R_LIGHT, 0.49, 0.55 - R - 0.05, 0.02, 0.015),
      ],
      label: null,
    };
  },
  // skirt
  (k1, k2, k3) => {
    const top = 0.12 + 0.03 * k1;
    const bot = 0.26 + 0.08 * k2;
    const len = 0.24 + 0.06 * k3;
    return {
      prims: [
        box(R_TRIM, 0.5, 0.26, top + 0.01, 0.03, 0.01),
        trap(R_BODY, 0.5, 0.29 + len, top, bot, len),
        seg(R_DARK, 0.5 - bot * 0.4, 0.3 + 2 * len - 0.01, 0.5 - top * 0.4, 0.31, 0.004),
        seg(R_DARK, 0.5 + bot * 0.4, 0.3 + 2 * len - 0.01, 0.5 + top * 0.4, 0.31, 0.004),
      ],
      label: null,
    };
  },
  // high sneaker
  (k1, k2, k3) => {
    const len = 0.28 + 0.05 * k1;
    return {
      prims: [
        box(R_LIGHT, 0.5, 0.72, len, 0.045, 0.04),
        box(R_BODY, 0.5 - len + 0.14, 0.46, 0.12, 0.22, 0.05),
        halfEll(R_BODY, 0.5 + 0.02, 0.7, len - 0.04, 0.13 + 0.04 * k2, 1),
        ell(R_ACCENT, 0.5 - len + 0.16, 0.58, 0.06 + 0.02 * k3, 0.06),
        seg(R_LIGHT, 0.5 - 0.06, 0.45, 0.5 + 0.02, 0.6, 0.01),
      ],
      label: [0.5 + 0.04, 0.64, 0.5 + len - 0.05, 0.67],
    };
  },
  // tablet on a stand
  (k1, k2, k3) => {
    const hw = 0.24 + 0.04 * k1;
    const hh = 0.17 + 0.04 * k2;
    return {
      prims: [
        trap(R_DARK, 0.5, 0.78, 0.03, 0.14 + 0.04 * k3, 0.04),
        seg(R_METAL, 0.5, 0.5, 0.5, 0.76, 0.015),
        box(R_BODY, 0.5, 0.45, hw, hh, 0.025),
        box(R_SCREEN, 0.5, 0.45, hw - 0.025, hh - 0.025, 0.012),
      ],
      label: [0.5 - hw + 0.05, 0.45 - hh + 0.05, 0.5 + 0.02, 0.45 - hh + 0.12],
    };
  },
];

if (SHAPES.length !== IMAGE_STYLE_COUNT) throw new Error("images: one shape builder per style");

// ---------------------------------------------------------------------------------------------------
// Scene parameters

const PAT_PLAIN = 0;
const PAT_STRIPES = 1;
const PAT_DOTS = 2;
const PAT_CHECKS = 3;
const PAT_BAND = 4;
const PAT_SPLIT = 5;
const PAT_GRADIENT = 6;

interface Mark {
  u0: number;
  v0: number;
  u1: number;
  v1: number;
  rgb: Rgb;
}

interface Scene {
  bgTop: Rgb;
  bgBottom: Rgb;
  floorV: number; // > 1 = no floor
  floor: Rgb;
  shadow: Prim | null;
  shadowBlur: number;
  prims: Prim[];
  main: Rgb;
  second: Rgb;
  dark: Rgb;
  light: Rgb;
  metal: Rgb;
  trim: Rgb;
  pattern: number;
  // pattern frame: item centre and scale; stripe direction (unit vector), period, duty
  cu: number;
  cv: number;
  scale: number;
  dirX: number;
  dirY: number;
  period: number;
  duty: number;
  marks: Mark[];
}

const UNIT_DIRECTIONS: Array<[number, number]> = [
  [1, 0],
  [0, 1],
  [0.7071067811865476, 0.7071067811865476],
  [0.7071067811865476, -0.7071067811865476],
  [0.8944271909999159, 0.4472135954999579],
  [0.4472135954999579, -0.8944271909999159],
];

const BADGE_COLOURS: Rgb[] = [
  [0.9, 0.12, 0.1],
  [1, 0.45, 0.05],
  [0.98, 0.8, 0.1],
  [0.1, 0.55, 0.25],
  [0.12, 0.3, 0.8],
  [0.1, 0.1, 0.12],
  [0.85, 0.1, 0.5],
];

/** Text-like marks: rows of short bars of seeded lengths filling the box. */
function textMarks(rng: () => number, u0: number, v0: number, u1: number, v1: number, rgb: Rgb, out: Mark[]): void {
  const w = u1 - u0;
  const h = v1 - v0;
  if (w <= 0 || h <= 0) return;
  const rows = h > 0.05 ? 2 : 1;
  const rowH = h / rows;
  for (let r = 0; r < rows; r++) {
    let u = u0;
    const top = v0 + r * rowH + rowH * 0.2;
    const bottom = v0 + (r + 1) * rowH - rowH * 0.2;
    const end = u0 + w * (r === rows - 1 ? 0.55 + 0.45 * rng() : 1);
    while (u < end) {
      const len = w * (0.06 + 0.16 * rng());
      const stop = u + len < end ? u + len : end;
      if (stop - u > w * 0.02) out.push({ u0: u, v0: top, u1: stop, v1: bottom, rgb });
      u = stop + w * 0.035;
    }
  }
}

function buildScene(spec: ItemImageSpec): Scene {
  const style = ((spec.categoryStyle % IMAGE_STYLE_COUNT) + IMAGE_STYLE_COUNT) % IMAGE_STYLE_COUNT;
  const crng = seededRandom(mix32(mix32(0x5eed1, spec.categoryId >>> 0), 0xca7e));
  const rng = seededRandom(mix32(mix32(mix32(0x17e3, spec.categoryId >>> 0), spec.itemSeed >>> 0), spec.itemSeed / 4294967296));

  // Category palette family.
  const hue = crng() * 360;
  const sat0 = 0.45 + 0.45 * crng();
  const light0 = 0.3 + 0.3 * crng();
  const bgMode = Math.floor(crng() * 4);
  const bgHue = crng() * 360;
  const k1 = crng();
  const k2 = crng();
  const k3 = crng();
  const trimHue = hue + (crng() < 0.5 ? 30 : -30);
  const badgePref = crng();
  const floorV = 0.7 + 0.12 * crng();
  const catScale = 0.86 + 0.18 * crng();
  const catDu = (crng() - 0.5) * 0.08;
  const catDv = (crng() - 0.5) * 0.05;

  // Item colours, within the family.
  const h = hue + (rng() - 0.5) * 40;
  const s = sat0 + (rng() - 0.5) * 0.3;
  const l = light0 + (rng() - 0.5) * 0.28;
  const main = hsl(h, s, l);
  const secondMode = Math.floor(rng() * 5);
  const second =
    secondMode === 0
      ? hsl(h, s * 0.6, clamp01(l + 0.35))
      : secondMode === 1
        ? hsl(h, s * 0.8, l * 0.35)
        : secondMode === 2
          ? hsl(h + 180, s, 0.5)
          : secondMode === 3
            ? ([0.96, 0.96, 0.94] as Rgb)
            : hsl(h + 60 + rng() * 60, s, 0.45 + rng() * 0.2);
  const dark = hsl(h, s * 0.5, l * 0.3);
  const light: Rgb = [0.95, 0.95, 0.93];
  const metal: Rgb = lerpRgb([0.62, 0.63, 0.66], main, 0.15);
  const trim = hsl(trimHue, sat0, clamp01(light0 + 0.1));

  // Background, with a small per-item tint.
  const bgJ = (rng() - 0.5) * 0.05;
  let bgTop: Rgb;
  let bgBottom: Rgb;
  let floor: Rgb;
  let fv = 2;
  if (bgMode === 0) {
    bgTop = hsl(bgHue, 0.1, 0.97 + bgJ * 0.3);
    bgBottom = hsl(bgHue, 0.1, 0.9 + bgJ);
    floor = bgBottom;
  } else if (bgMode === 1) {
    bgTop = hsl(hue, 0.35, 0.88 + bgJ);
    bgBottom = hsl(hue, 0.3, 0.78 + bgJ);
    floor = bgBottom;
  } else if (bgMode === 2) {
    bgTop = hsl(bgHue, 0.4, 0.85 + bgJ);
    bgBottom = hsl(bgHue + 20, 0.35, 0.8 + bgJ);
    floor = hsl(bgHue + 20, 0.25, 0.68 + bgJ);
    fv = floorV;
  } else {
    bgTop = hsl(bgHue, 0.05, 0.8 + bgJ);
    bgBottom = hsl(bgHue, 0.05, 0.65 + bgJ);
    floor = hsl(hue, 0.1, 0.55 + bgJ);
    fv = floorV;
  }

  // Placement.
  const scale = catScale * (0.94 + 0.12 * rng());
  const du = catDu + (rng() - 0.5) * 0.05;
  const dv = catDv + (rng() - 0.5) * 0.04;
  const cu = 0.5 + du;
  const cv = 0.5 + dv;
  const shape = SHAPES[style]!(k1, k2, k3);
  const place = (x: number) => (x - 0.5) * scale;
  const prims = shape.prims.map((p) => {
    const q = new Prim(p.kind, p.role, p.a, p.b, p.c, p.d, p.e, p.f);
    switch (p.kind) {
      case K_SEG:
        q.a = cu + place(p.a);
        q.b = cv + place(p.b);
        q.c = cu + place(p.c);
        q.d = cv + place(p.d);
        q.e = p.e * scale;
        break;
      case K_RING:
        q.a = cu + place(p.a);
        q.b = cv + place(p.b);
        q.c = p.c * scale;
        q.d = p.d * scale;
        break;
      case K_TRAP:
        q.a = cu + place(p.a);
        q.b = cv + place(p.b);
        q.c = p.c * scale;
        q.d = p.d * scale;
        q.e = p.e * scale;
        break;
      default: // ellipse, half ellipse, box: centre + half sizes (+ radius for boxes)
        q.a = cu + place(p.a);
        q.b = cv + place(p.b);
        q.c = p.c * scale;
        q.d = p.d * scale;
        if (p.kind === K_BOX) q.e = p.e * scale;
    }
    return q;
  });

  // Shadow under the product.
  let maxV = 0;
  let minU = 1;
  let maxU = 0;
  for (const p of prims) {
    const b = bounds(p);
    if (b[3] > maxV) maxV = b[3];
    if (b[0] < minU) minU = b[0];
    if (b[2] > maxU) maxU = b[2];
  }
  const shadow = ell(R_DARK, (minU + maxU) / 2, Math.min(maxV, 0.97), (maxU - minU) * 0.45, 0.025);

  // Pattern.
  const pr = rng();
  const pattern =
    pr < 0.2
      ? PAT_PLAIN
      : pr < 0.45
        ? PAT_STRIPES
        : pr < 0.6
          ? PAT_DOTS
          : pr < 0.72
            ? PAT_CHECKS
            : pr < 0.84
              ? PAT_BAND
              : pr < 0.92
                ? PAT_SPLIT
                : PAT_GRADIENT;
  const dir = UNIT_DIRECTIONS[Math.floor(rng() * UNIT_DIRECTIONS.length)]!;
  const period = 0.035 + 0.11 * rng();
  const duty = 0.3 + 0.35 * rng();

  // Marks: on the product's label area, and a promo badge.
  const marks: Mark[] = [];
  const markRgb = l > 0.5 || secondMode === 3 ? dark : light;
  if (shape.label && rng() < 0.8) {
    const [a, b, c, d] = shape.label;
    textMarks(rng, cu + place(a), cv + place(b), cu + place(c), cv + place(d), markRgb, marks);
  }
  const badgeRoll = (rng() + badgePref) % 1;
  const badgeRgb = BADGE_COLOURS[Math.floor(rng() * BADGE_COLOURS.length)]!;
  const badgeInk: Rgb = badgeRgb[0] + badgeRgb[1] > 1.5 ? [0.1, 0.1, 0.1] : [1, 1, 1];
  if (badgeRoll < 0.3) {
    // corner tag, top left or top right
    const right = rng() < 0.5;
    const w = 0.2 + 0.1 * rng();
    const u0 = right ? 0.96 - w : 0.04;
    marks.push({ u0, v0: 0.04, u1: u0 + w, v1: 0.13, rgb: badgeRgb });
    textMarks(rng, u0 + 0.02, 0.055, u0 + w - 0.02, 0.115, badgeInk, marks);
  } else if (badgeRoll < 0.55) {
    // bottom banner
    const top = 0.86 + 0.03 * rng();
    marks.push({ u0: 0, v0: top, u1: 1, v1: 1, rgb: badgeRgb });
    textMarks(rng, 0.06, top + 0.02, 0.06 + 0.5 + 0.35 * rng(), 0.98, badgeInk, marks);
  } else if (badgeRoll < 0.7) {
    // side price block
    const v0 = 0.2 + 0.5 * rng();
    marks.push({ u0: 0.8, v0, u1: 0.97, v1: v0 + 0.12, rgb: badgeRgb });
    textMarks(rng, 0.82, v0 + 0.015, 0.95, v0 + 0.105, badgeInk, marks);
  }
  // else: no badge

  return {
    bgTop,
    bgBottom,
    floorV: fv,
    floor,
    shadow,
    shadowBlur: 0.03,
    prims,
    main,
    second,
    dark,
    light,
    metal,
    trim,
    pattern,
    cu,
    cv,
    scale,
    dirX: dir[0],
    dirY: dir[1],
    period,
    duty,
    marks,
  };
}

// ---------------------------------------------------------------------------------------------------
// Rendering

/** Fraction of the pixel (u, v, width fw) that shows the second colour of the item's pattern. */
function patternCoverage(sc: Scene, u: number, v: number, fw: number): number {
  const lu = (u - sc.cu) / sc.scale;
  const lv = (v - sc.cv) / sc.scale;
  const lw = fw / sc.scale;
  switch (sc.pattern) {
    case PAT_STRIPES: {
      const x = (lu * sc.dirX + lv * sc.dirY) / sc.period;
      // a pixel box projected on the stripe normal is |dx|+|dy| wide
      const w = (lw * (Math.abs(sc.dirX) + Math.abs(sc.dirY))) / sc.period;
      return filteredSquare(x + 10, w, sc.duty);
    }
    case PAT_CHECKS: {
      const a = filteredSquare(lu / sc.period + 10, lw / sc.period, 0.5);
      const b = filteredSquare(lv / sc.period + 10, lw / sc.period, 0.5);
      return a * (1 - b) + b * (1 - a);
    }
    case PAT_DOTS: {
      const p = sc.period * 1.3;
      const r = p * sc.duty * 0.45;
      const mean = (3.14159265 * r * r) / (p * p);
      const gx = lu / p + 10;
      const gy = lv / p + 10;
      const dx = (gx - Math.floor(gx) - 0.5) * p;
      const dy = (gy - Math.floor(gy) - 0.5) * p;
      const d = Math.sqrt(dx * dx + dy * dy) - r;
      const sharp = clamp01(0.5 - d / lw);
      // dots smaller than ~3 pixels fade into their mean coverage
      const t = clamp01((p / lw - 1.5) / 2.5);
      return mean + (sharp - mean) * t;
    }
    case PAT_BAND: {
      // a horizontal band across the product
      const c = (sc.duty - 0.45) * 0.4;
      const hw = sc.period * 0.8;
      return overlap(lv - lw / 2, lv + lw / 2, c - hw, c + hw) / lw;
    }
    case PAT_SPLIT: {
      // two-tone: the lower part (below a seeded line) in the second colour
      const c = (sc.duty - 0.45) * 0.6;
      return overlap(lv - lw / 2, lv + lw / 2, c, 10) / lw;
    }
    case PAT_GRADIENT: {
      const x = lu * sc.dirX + lv * sc.dirY;
      return clamp01(0.5 + x * 2.2);
    }
  }
  return 0;
}

function renderScene(sc: Scene, size: number): Float32Array {
  const n = size;
  const buf = new Float32Array(n * n * 3);
  const fw = 1 / n;

  // Background and floor, row by row (the floor edge is box-filtered exactly).
  for (let j = 0; j < n; j++) {
    const v = (j + 0.5) * fw;
    const t = v;
    let r = sc.bgTop[0] + (sc.bgBottom[0] - sc.bgTop[0]) * t;
    let g = sc.bgTop[1] + (sc.bgBottom[1] - sc.bgTop[1]) * t;
    let b = sc.bgTop[2] + (sc.bgBottom[2] - sc.bgTop[2]) * t;
    const f = overlap(v - fw / 2, v + fw / 2, sc.floorV, 2) / fw;
    if (f > 0) {
      r += (sc.floor[0] - r) * f;
      g += (sc.floor[1] - g) * f;
      b += (sc.floor[2] - b) * f;
    }
    let o = j * n * 3;
    for (let i = 0; i < n; i++) {
      buf[o] = r;
      buf[o + 1] = g;
      buf[o + 2] = b;
      o += 3;
    }
  }

  // Soft shadow.
  if (sc.shadow) {
    const p = sc.shadow;
    const blur = Math.sqrt(sc.shadowBlur * sc.shadowBlur + fw * fw);
    paint(buf, n, p, blur, (_u, _v, cov, o) => {
      const a = cov * 0.35;
      buf[o] = buf[o]! * (1 - a);
      buf[o + 1] = buf[o + 1]! * (1 - a);
      buf[o + 2] = buf[o + 2]! * (1 - a);
    });
  }

  // Product.
  for (const p of sc.prims) {
    const role = p.role;
    paint(buf, n, p, fw, (u, v, cov, o) => {
      let r: number;
      let g: number;
      let b: number;
      if (role === R_BODY) {
        const pc = sc.pattern === PAT_PLAIN ? 0 : patternCoverage(sc, u, v, fw);
        r = sc.main[0] + (sc.second[0] - sc.main[0]) * pc;
        g = sc.main[1] + (sc.second[1] - sc.main[1]) * pc;
        b = sc.main[2] + (sc.second[2] - sc.main[2]) * pc;
        // soft light from the upper left
        const shade = 1.06 - 0.12 * clamp01((u - sc.cu) / sc.scale + 0.5) - 0.06 * clamp01((v - sc.cv) / sc.scale + 0.5);
        r *= shade;
        g *= shade;
        b *= shade;
      } else if (role === R_SCREEN) {
        const hl = clamp01(0.5 - ((u - sc.cu) - (v - sc.cv)) * 4) * 0.12;
        r = 0.08 + hl;
        g = 0.09 + hl;
        b = 0.12 + hl;
      } else if (role === R_BG) {
        const t = v;
        r = sc.bgTop[0] + (sc.bgBottom[0] - sc.bgTop[0]) * t;
        g = sc.bgTop[1] + (sc.bgBottom[1] - sc.bgTop[1]) * t;
        b = sc.bgTop[2] + (sc.bgBottom[2] - sc.bgTop[2]) * t;
      } else {
        const c = role === R_ACCENT ? sc.second : role === R_DARK ? sc.dark : role === R_LIGHT ? sc.light : role === R_METAL ? sc.metal : sc.trim;
        r = c[0];
        g = c[1];
        b = c[2];
      }
      buf[o] = buf[o]! + (r - buf[o]!) * cov;
      buf[o + 1] = buf[o + 1]! + (g - buf[o + 1]!) * cov;
      buf[o + 2] = buf[o + 2]! + (b - buf[o + 2]!) * cov;
    });
  }

  // Marks and badges: axis-aligned rectangles with exact area coverage.
  for (const m of sc.marks) {
    const i0 = Math.max(0, Math.floor(m.u0 * n));
    const i1 = Math.min(n - 1, Math.floor(m.u1 * n));
    const j0 = Math.max(0, Math.floor(m.v0 * n));
    const j1 = Math.min(n - 1, Math.floor(m.v1 * n));
    for (let j = j0; j <= j1; j++) {
      const cy = overlap(j * fw, (j + 1) * fw, m.v0, m.v1) * n;
      if (cy <= 0) continue;
      for (let i = i0; i <= i1; i++) {
        const cov = cy * overlap(i * fw, (i + 1) * fw, m.u0, m.u1) * n;
        if (cov <= 0) continue;
        const o = (j * n + i) * 3;
        buf[o] = buf[o]! + (m.rgb[0] - buf[o]!) * cov;
        buf[o + 1] = buf[o + 1]! + (m.rgb[1] - buf[o + 1]!) * cov;
        buf[o + 2] = buf[o + 2]! + (m.rgb[2] - buf[o + 2]!) * cov;
      }
    }
  }
  return buf;
}

/** Calls fn for every pixel a primitive touches, with its anti-aliased coverage (edge width ew). */
function paint(
  buf: Float32Array,
  n: number,
  p: Prim,
  ew: number,
  fn: (u: number, v: number, cov: number, offset: number) => void,
): void {
  const bb = bounds(p);
  const i0 = Math.max(0, Math.floor((bb[0] - ew) * n));
  const i1 = Math.min(n - 1, Math.floor((bb[2] + ew) * n));
  const j0 = Math.max(0, Math.floor((bb[1] - ew) * n));
  const j1 = Math.min(n - 1, Math.floor((bb[3] + ew) * n));
  const inv = 1 / ew;
  // Coverage: clamp(0.5 - d/ew) from the signed distance at the pixel centre, which is the pixel's
  // area share for edges straighter than a pixel. Features thinner than half a pixel (rims, straps,
  // laces) are sampled 2 × 2 inside the pixel instead, each sample anti-aliased over half of it.
  const thin = thickness(p) < ew / 2;
  const sub = ew / 4; // sample offsets ±ew/4: the centres of the four quarter-pixels
  const subAa = ew / 2;
  const subInv = 1 / subAa;
  const reach = thin ? ew : ew / 2; // how far outside a centre can be and still touch the shape
  for (let j = j0; j <= j1; j++) {
    const v = (j + 0.5) / n;
    for (let i = i0; i <= i1; i++) {
      const u = (i + 0.5) / n;
      const d = sdf(p, u, v);
      if (d >= reach) continue;
      let cov: number;
      if (thin) {
        let c = 0.5 - sdf(p, u - sub, v - sub) * subInv;
        cov = c <= 0 ? 0 : c >= 1 ? 1 : c;
        c = 0.5 - sdf(p, u + sub, v - sub) * subInv;
        cov += c <= 0 ? 0 : c >= 1 ? 1 : c;
        c = 0.5 - sdf(p, u - sub, v + sub) * subInv;
        cov += c <= 0 ? 0 : c >= 1 ? 1 : c;
        c = 0.5 - sdf(p, u + sub, v + sub) * subInv;
        cov += c <= 0 ? 0 : c >= 1 ? 1 : c;
        cov *= 0.25;
      } else {
        cov = 0.5 - d * inv;
        if (cov > 1) cov = 1;
      }
      if (cov <= 0) continue;
      fn(u, v, cov, (j * n + i) * 3);
    }
  }
  void buf;
}

/** Half of the smallest extent of a primitive. */
function thickness(p: Prim): number {
  switch (p.kind) {
    case K_ELLIPSE:
    case K_BOX:
      return p.c < p.d ? p.c : p.d;
    case K_HALF_ELLIPSE:
      return p.c < p.d / 2 ? p.c : p.d / 2;
    case K_TRAP: {
      const w = p.c > p.d ? p.c : p.d;
      return w < p.e ? w : p.e;
    }
    case K_SEG:
      return p.e;
    case K_RING:
      return p.d;
  }
  return 1;
}

/** Renders the item's picture as a size × size float RGB buffer (values 0..1). */
export function renderItemRgb(spec: ItemImageSpec, size: number): Float32Array {
  if (!Number.isInteger(size) || size < 1 || size > 4096) throw new RangeError(`image size ${size} out of range 1..4096`);
  return renderScene(buildScene(spec), size);
}

/** The item's catalog picture, size × size, opaque RGBA. */
export function renderItemImage(spec: ItemImageSpec, size: number): RgbaImage {
  const f = renderItemRgb(spec, size);
  const px = size * size;
  const rgba = new Uint8Array(px * 4);
  for (let i = 0, o = 0; i < px; i++, o += 4) {
    const k = i * 3;
    rgba[o] = toByte(f[k]!);
    rgba[o + 1] = toByte(f[k + 1]!);
    rgba[o + 2] = toByte(f[k + 2]!);
    rgba[o + 3] = 255;
  }
  return { width: size, height: size, rgba };
}

function toByte(x: number): number {
  const y = Math.round(x * 255);
  return y < 0 ? 0 : y > 255 ? 255 : y;
}

// ---------------------------------------------------------------------------------------------------
// PNG encoding (sync, no dependency: zlib + CRC)

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes RGBA as PNG: RGB when every pixel is opaque, RGBA otherwise. Deterministic bytes. */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, rgba } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`bad image size ${width}×${height}`);
  }
  if (rgba.length !== width * height * 4) throw new RangeError("rgba length does not match width × height × 4");
  let opaque = true;
  for (let i = 3; i < rgba.length; i += 4) {
    if (rgba[i] !== 255) {
      opaque = false;
      break;
    }
  }
  const ch = opaque ? 3 : 4;
  const stride = width * ch;
  const raw = Buffer.alloc((stride + 1) * height);
  const prev = new Uint8Array(stride);
  const cur = new Uint8Array(stride);
  const cand = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    for (let x = 0, s = y * width * 4, d = 0; x < width; x++, s += 4, d += ch) {
      cur[d] = rgba[s]!;
      cur[d + 1] = rgba[s + 1]!;
      cur[d + 2] = rgba[s + 2]!;
      if (ch === 4) cur[d + 3] = rgba[s + 3]!;
    }
    // Pick the filter with the smallest sum of absolute (signed) residuals.
    let bestScore = Infinity;
    const rowOut = y * (stride + 1);
    for (let type = 0; type <= 4; type++) {
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= ch ? cur[i - ch]! : 0;
        const b = y > 0 ? prev[i]! : 0;
        const c = i >= ch && y > 0 ? prev[i - ch]! : 0;
        let pred = 0;
        if (type === 1) pred = a;
        else if (type === 2) pred = b;
        else if (type === 3) pred = (a + b) >> 1;
        else if (type === 4) {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
        const r = (cur[i]! - pred) & 0xff;
        cand[i] = r;
        score += r < 128 ? r : 256 - r;
      }
      if (score < bestScore) {
        bestScore = score;
        raw[rowOut] = type;
        raw.set(cand, rowOut + 1);
      }
    }
    prev.set(cur);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = opaque ? 2 : 6; // colour type RGB / RGBA
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", deflateSync(raw, { level: 6 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------------
// Decoding of uploaded images

export type ImageErrorKind = "empty" | "too_large" | "unsupported_format" | "malformed" | "too_many_pixels";

/** An uploaded image that cannot be used; the API answers it with 40002 and this message. */
export class ImageDecodeError extends Error {
  readonly kind: ImageErrorKind;
  constructor(kind: ImageErrorKind, message: string) {
    super(message);
    this.kind = kind;
    this.name = "ImageDecodeError";
  }
}

function sniff(bytes: Buffer): "png" | "jpeg" | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  return null;
}

/**
 * Decodes a PNG or JPEG upload into RGBA (EXIF orientation applied). Rejects, with an
 * ImageDecodeError, empty input, more than MAX_IMAGE_BYTES bytes, other formats, malformed data and
 * pictures above MAX_IMAGE_PIXELS (checked from the header, before any pixel is decoded).
 */
export async function decodeImage(bytes: Buffer): Promise<RgbaImage> {
  if (!bytes || bytes.length === 0) throw new ImageDecodeError("empty", "image is empty");
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new ImageDecodeError("too_large", `image is ${bytes.length} bytes, more than the 3 MB (${MAX_IMAGE_BYTES} bytes) limit`);
  }
  const format = sniff(bytes);
  if (!format) throw new ImageDecodeError("unsupported_format", "image is neither JPEG nor PNG");
  let width: number;
  let height: number;
  try {
    const meta = await sharp(bytes, { limitInputPixels: false, failOn: "error" }).metadata();
    if ((format === "png" && meta.format !== "png") || (format === "jpeg" && meta.format !== "jpeg")) {
      throw new Error(`format ${meta.format}`);
    }
    width = meta.autoOrient?.width ?? meta.width ?? 0;
    height = meta.autoOrient?.height ?? meta.height ?? 0;
  } catch (err) {
    throw new ImageDecodeError("malformed", `${format === "png" ? "PNG" : "JPEG"} image is malformed: ${describe(err)}`);
  }
  if (!(width > 0 && height > 0)) throw new ImageDecodeError("malformed", "image has no pixels");
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new ImageDecodeError(
      "too_many_pixels",
      `image is ${width}×${height} pixels, more than the ${MAX_IMAGE_PIXELS / 1_000_000} megapixel limit`,
    );
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "error" })
      .rotate()
      .ensureAlpha()
      .toColourspace("srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) throw new Error(`decoded to ${info.channels} channels`);
    return { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (err) {
    throw new ImageDecodeError("malformed", `${format === "png" ? "PNG" : "JPEG"} image is malformed: ${describe(err)}`);
  }
}

function describe(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split("\n")[0]!.slice(0, 200);
}

/** The sub-rectangle [x0, x1) × [y0, y1) of an image (clamped to it), e.g. a 1688 `region`. */
export function cropImage(image: RgbaImage, x0: number, y0: number, x1: number, y1: number): RgbaImage {
  const a = Math.max(0, Math.min(image.width, Math.floor(x0)));
  const b = Math.max(0, Math.min(image.height, Math.floor(y0)));
  const c = Math.max(a, Math.min(image.width, Math.ceil(x1)));
  const d = Math.max(b, Math.min(image.height, Math.ceil(y1)));
  const w = c - a;
  const h = d - b;
  const rgba = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    const s = ((b + y) * image.width + a) * 4;
    rgba.set(image.rgba.subarray(s, s + w * 4), y * w * 4);
  }
  return { width: w, height: h, rgba };
}
