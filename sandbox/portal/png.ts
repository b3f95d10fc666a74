import { inflateSync } from 'node:zlib';

// A minimal PNG decoder: 8-bit greyscale/RGB/RGBA (with or without alpha), not interlaced. That covers the
// PNGs `qrcode` writes and ordinary screenshots; anything else is refused with a clear message.

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Colour type → channels per pixel. Palette (3) is converted separately. */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const MAX_PIXELS = 4096 * 4096;

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export class PngError extends Error {}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(file: Buffer): RgbaImage {
  if (file.length < SIGNATURE.length || !file.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
    throw new PngError('Dit is geen PNG-afbeelding.');
  }
  let offset = SIGNATURE.length;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colourType = 0;
  let interlace = 0;
  let palette: Buffer | null = null;
  const idat: Buffer[] = [];
  while (offset + 8 <= file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8] ?? 0;
      colourType = data[9] ?? 0;
      interlace = data[12] ?? 0;
    } else if (type === 'PLTE') palette = Buffer.from(data);
    else if (type === 'IDAT') idat.push(Buffer.from(data));
    else if (type === 'IEND') break;
  }
  const channels = CHANNELS[colourType];
  if (bitDepth !== 8 || channels === undefined || interlace !== 0 || (colourType === 3 && !palette)) {
    throw new PngError('Deze PNG-variant wordt niet ondersteund. Plak de QR-inhoud als tekst.');
  }
  if (width === 0 || height === 0 || width * height > MAX_PIXELS) throw new PngError('Ongeldige afmetingen.');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new PngError('De PNG-afbeelding is onvolledig.');
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (pixels[y * stride + x - channels] ?? 0) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const c = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] ?? 0) : 0;
      const value = line[x] ?? 0;
      const predicted =
        filter === 0
          ? 0
          : filter === 1
            ? a
            : filter === 2
              ? b
              : filter === 3
                ? (a + b) >> 1
                : filter === 4
                  ? paeth(a, b, c)
                  : -1;
      if (predicted < 0) throw new PngError('Ongeldig PNG-filter.');
      pixels[y * stride + x] = (value + predicted) & 0xff;
    }
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = i * channels;
    let r: number, g: number, b: number, alpha: number;
    if (colourType === 3) {
      const index = (pixels[p] ?? 0) * 3;
      [r, g, b, alpha] = [palette![index] ?? 0, palette![index + 1] ?? 0, palette![index + 2] ?? 0, 255];
    } else if (channels <= 2) {
      r = g = b = pixels[p] ?? 0;
      alpha = channels === 2 ? (pixels[p + 1] ?? 255) : 255;
    } else {
      [r, g, b] = [pixels[p] ?? 0, pixels[p + 1] ?? 0, pixels[p + 2] ?? 0];
      alpha = channels === 4 ? (pixels[p + 3] ?? 255) : 255;
    }
    rgba.set([r, g, b, alpha], i * 4);
  }
  return { width, height, data: rgba };
}
