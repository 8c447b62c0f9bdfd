// The sandbox warehouse's QC photos: the goods' catalogue picture (or a picture rendered for goods the
// catalogue does not know) in a frame — green when they passed, red with a crack across them when
// damaged — over a warehouse label whose bars encode the item. Deterministic PNG bytes: the same
// goods and outcome give the same photo on every machine (before the picture store re-encodes it).
import { decodeImage, encodePng, IMAGE_STYLE_COUNT, renderItemImage, type RgbaImage } from "../../../marketplace/sandbox/images.ts";
import { hash32 } from "./model.ts";

const SIZE = 320;
const FRAME = 10;
const LABEL = 36;

function fill(image: RgbaImage, x0: number, y0: number, x1: number, y1: number, rgb: readonly [number, number, number]): void {
  for (let y = Math.max(0, y0); y < Math.min(image.height, y1); y++) {
    for (let x = Math.max(0, x0); x < Math.min(image.width, x1); x++) {
      const o = (y * image.width + x) * 4;
      image.rgba[o] = rgb[0];
      image.rgba[o + 1] = rgb[1];
      image.rgba[o + 2] = rgb[2];
      image.rgba[o + 3] = 255;
    }
  }
}

/** The goods' picture scaled to SIZE × SIZE by nearest neighbour (integer arithmetic only). */
function resized(source: RgbaImage): RgbaImage {
  const rgba = new Uint8Array(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    const sy = Math.floor((y * source.height) / SIZE);
    for (let x = 0; x < SIZE; x++) {
      const sx = Math.floor((x * source.width) / SIZE);
      const s = (sy * source.width + sx) * 4;
      const o = (y * SIZE + x) * 4;
      rgba[o] = source.rgba[s]!;
      rgba[o + 1] = source.rgba[s + 1]!;
      rgba[o + 2] = source.rgba[s + 2]!;
      rgba[o + 3] = 255;
    }
  }
  return { width: SIZE, height: SIZE, rgba };
}

/**
 * A QC photo of goods: `picture` is the catalogue's PNG when known; `key` names the goods (seed and
 * ids) and draws the label; `damaged` marks a failed check.
 */
export async function qcPhoto(picture: Buffer | undefined, key: string, damaged: boolean): Promise<Buffer> {
  const h = hash32(key);
  const base = picture ? await decodeImage(picture).catch(() => undefined) : undefined;
  const image = base ? resized(base) : renderItemImage({ categoryId: h % 997, categoryStyle: h % IMAGE_STYLE_COUNT, itemSeed: h }, SIZE);
  const frame = damaged ? ([200, 30, 30] as const) : ([40, 160, 70] as const);
  fill(image, 0, 0, SIZE, FRAME, frame);
  fill(image, 0, SIZE - FRAME, SIZE, SIZE, frame);
  fill(image, 0, 0, FRAME, SIZE, frame);
  fill(image, SIZE - FRAME, 0, SIZE, SIZE, frame);
  // The label: white, with 32 bars of the key's hash (and its complement, so it is never blank).
  const top = SIZE - FRAME - LABEL;
  fill(image, FRAME, top, SIZE - FRAME, SIZE - FRAME, [250, 250, 250]);
  const bits = (BigInt(h) << 32n) | BigInt(~h >>> 0);
  for (let i = 0; i < 64; i++) {
    if (((bits >> BigInt(i)) & 1n) === 0n) continue;
    const x = FRAME + 16 + i * 4;
    fill(image, x, top + 6, x + 3, SIZE - FRAME - 6, [20, 20, 20]);
  }
  if (damaged) {
    // A jagged crack from the upper left to the lower right of the goods.
    for (let y = FRAME; y < top; y++) {
      const x = Math.floor((y * (SIZE - 2 * FRAME)) / top) + (((y >> 3) & 1) === 0 ? 4 : -4);
      fill(image, x - 3, y, x + 3, y + 1, [200, 30, 30]);
    }
  }
  return encodePng(image);
}
