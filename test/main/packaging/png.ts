/** Reads what the packaging tests need from a PNG: its size and colour type (IHDR), and its pixels (our own PNGs: 8-bit RGBA). */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function pngInfo(file: string): { width: number; height: number; colourType: number; bitDepth: number } {
  const bytes = readFileSync(file);
  if (!bytes.subarray(0, 8).equals(SIGNATURE) || bytes.toString('ascii', 12, 16) !== 'IHDR') throw new Error(`${file} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bitDepth: bytes[24]!, colourType: bytes[25]! };
}

/** RGBA pixels of an 8-bit RGBA PNG whose rows all use filter 0 (what assets/generate-icons.mjs writes). */
export function pngPixels(file: string): { size: number; rgba: Uint8Array } {
  const bytes = readFileSync(file);
  const { width, colourType, bitDepth } = pngInfo(file);
  if (colourType !== 6 || bitDepth !== 8) throw new Error(`${file} is not 8-bit RGBA`);
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  const rgba = new Uint8Array(width * width * 4);
  for (let y = 0; y < width; y++) {
    if (raw[y * stride] !== 0) throw new Error(`${file}: row ${y} uses PNG filter ${raw[y * stride]}`);
    rgba.set(raw.subarray(y * stride + 1, (y + 1) * stride), y * width * 4);
  }
  return { size: width, rgba };
}
