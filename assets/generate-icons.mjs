#!/usr/bin/env node
// Generates every icon Sightline ships, as PNGs, with nothing but Node (zlib for the compression):
//   icon.png                     app icon, 1024 px (macOS and Windows installers; electron-builder converts it)
//   icons/<N>x<N>.png            app icon at 16 … 1024 px (Linux desktop entries, electron-builder's linux.icon)
//   tray/tray[Syncing|Alert]Template.png (+ @2x)
//                                macOS menu bar: black + alpha template images (macOS tints them), 16 and 32 px
//   tray/tray-<variant>-<N>.png  Windows notification area and Linux tray: coloured, 16/24/32/48 px
// Variants: normal, syncing (a sync is running), alert (an alert rule is firing).
//
// The app icon reproduces assets/icon.svg (same geometry on a 512 grid). Shapes are drawn as signed
// distance fields with one-pixel anti-aliasing, so every size is drawn, not scaled. The output is
// deterministic: test/main/packaging/icons.test.ts regenerates into a scratch folder and compares.
//
// Usage: node assets/generate-icons.mjs [--out <dir>]   (default: this folder)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

// ------------------------------------------------------------------------------------------------
// PNG (8-bit RGBA, no interlace, filter 0 on every row)
// ------------------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** `rgba`: Float64Array of premultiplied-free straight RGBA in 0..1, row-major. */
export function encodePng(size, rgba) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0;
    for (let x = 0; x < size * 4; x++) raw[row + 1 + x] = Math.round(Math.min(1, Math.max(0, rgba[y * size * 4 + x])) * 255);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ------------------------------------------------------------------------------------------------
// Signed distance fields (negative inside), in the drawing's own units
// ------------------------------------------------------------------------------------------------

const hypot = Math.hypot;

function segment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return hypot(px - ax - t * dx, py - ay - t * dy);
}

/** A polyline of width `w` with round caps and joins. */
const polyline = (points, w) => (x, y) => {
  let d = Infinity;
  for (let i = 1; i < points.length; i++) d = Math.min(d, segment(x, y, ...points[i - 1], ...points[i]));
  return d - w / 2;
};

const circle = (cx, cy, r) => (x, y) => hypot(x - cx, y - cy) - r;

const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  return hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};

/** An arc of radius `r` and width `w`, round-capped, from angle `a0` sweeping `sweep` radians clockwise (y down). */
const arc = (cx, cy, r, w, a0, sweep) => (x, y) => {
  const dx = x - cx;
  const dy = y - cy;
  let a = Math.atan2(dy, dx) - a0;
  a = ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  if (a <= sweep) return Math.abs(hypot(dx, dy) - r) - w / 2;
  const end = (angle) => hypot(x - cx - r * Math.cos(angle), y - cy - r * Math.sin(angle));
  return Math.min(end(a0), end(a0 + sweep)) - w / 2;
};

/** An arrow head: a filled triangle (as an SDF, good enough for a few pixels). */
const triangle = (p0, p1, p2) => (x, y) => {
  const edges = [
    [p0, p1],
    [p1, p2],
    [p2, p0],
  ];
  const sign = (a, b) => (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
  const s = edges.map(([a, b]) => sign(a, b));
  const inside = s.every((v) => v >= 0) || s.every((v) => v <= 0);
  const d = Math.min(...edges.map(([a, b]) => segment(x, y, ...a, ...b)));
  return inside ? -d : d;
};

const union = (...fs) => (x, y) => Math.min(...fs.map((f) => f(x, y)));

// ------------------------------------------------------------------------------------------------
// Rendering: layers of (shape, paint) composited "over", one sample per pixel with SDF coverage
// ------------------------------------------------------------------------------------------------

/** `unit`: how many drawing units the image spans; paint: [r,g,b] or (x,y) => [r,g,b] in 0..1. */
function render(size, unit, layers) {
  const out = new Float64Array(size * size * 4);
  const scale = unit / size; // drawing units per pixel
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) * scale;
      const y = (py + 0.5) * scale;
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const { shape, paint } of layers) {
        const coverage = Math.min(1, Math.max(0, 0.5 - shape(x, y) / scale));
        if (coverage === 0) continue;
        const [cr, cg, cb] = typeof paint === 'function' ? paint(x, y) : paint;
        // Straight-alpha "over": premultiply, add, and divide back at the end.
        r = cr * coverage + r * (1 - coverage);
        g = cg * coverage + g * (1 - coverage);
        b = cb * coverage + b * (1 - coverage);
        a = coverage + a * (1 - coverage);
      }
      const i = (py * size + px) * 4;
      out[i] = a > 0 ? r / a : 0;
      out[i + 1] = a > 0 ? g / a : 0;
      out[i + 2] = a > 0 ? b / a : 0;
      out[i + 3] = a;
    }
  }
  return out;
}

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);
const mix = (c0, c1, t) => c0.map((v, i) => v + (c1[i] - v) * t);

const BLUE = hex('#3b5bdb');
const VIOLET = hex('#7b5bdb');
const WHITE = [1, 1, 1];
const BLACK = [0, 0, 0];
const RED = hex('#e03131');
const GREEN = hex('#2f9e44');

/** The app icon's diagonal gradient on a grid of `unit`. */
const gradient = (unit) => (x, y) => mix(BLUE, VIOLET, Math.min(1, Math.max(0, (x + y) / (2 * unit))));

// The app icon, on icon.svg's 512 grid.
const APP_LINE = [
  [104, 336],
  [192, 256],
  [264, 296],
  [408, 160],
];
function appIcon(size) {
  return render(size, 512, [
    { shape: roundRect(16, 16, 496, 496, 112), paint: gradient(512) },
    { shape: union(polyline(APP_LINE, 40), circle(408, 160, 28)), paint: WHITE },
  ]);
}

// Tray glyphs on a 16 grid: the trend line rises from the bottom left to a dot at the top right,
// which leaves the bottom-right corner free for a badge: a circular arrow while syncing, a dot while
// an alert fires.
const TRAY_LINE = [
  [1.75, 10],
  [5.25, 6.5],
  [8, 8.5],
  [12.75, 3.5],
];
const trayLine = (w) => union(polyline(TRAY_LINE, w), circle(12.75, 3.5, w * 0.95));

const BADGE = [12.25, 12.25];
/** A circular arrow: an open ring with an arrow head at its end. */
const syncArrow = (r, w) =>
  union(
    arc(BADGE[0], BADGE[1], r, w, -Math.PI / 2 + 0.35, Math.PI * 1.5),
    triangle([BADGE[0] - 0.15, BADGE[1] - r - w * 1.45], [BADGE[0] + w * 1.6, BADGE[1] - r], [BADGE[0] - 0.15, BADGE[1] - r + w * 1.45]),
  );

/** macOS template images: black and alpha only; macOS draws them in the menu bar's own colour. */
function trayTemplate(variant, size) {
  const line = trayLine(1.9);
  let shape = line;
  if (variant === 'syncing') shape = union(line, syncArrow(2.55, 1.35));
  if (variant === 'alert') shape = union(line, circle(BADGE[0], BADGE[1], 3.1));
  return render(size, 16, [{ shape, paint: BLACK }]);
}

/** Windows and Linux: the app's tile (readable on light and dark panels), with a coloured badge. */
function trayColour(variant, size) {
  const layers = [
    { shape: roundRect(0.5, 0.5, 15.5, 15.5, 3.5), paint: gradient(16) },
    { shape: trayLine(1.8), paint: WHITE },
  ];
  if (variant !== 'normal') {
    // A white rim keeps the badge apart from the tile at 16 px.
    layers.push({ shape: circle(BADGE[0], BADGE[1], 4.1), paint: WHITE });
    layers.push({ shape: circle(BADGE[0], BADGE[1], 3.2), paint: variant === 'syncing' ? GREEN : RED });
    if (variant === 'syncing') layers.push({ shape: syncArrow(1.7, 0.9), paint: WHITE });
  }
  return render(size, 16, layers);
}

// ------------------------------------------------------------------------------------------------
// Output
// ------------------------------------------------------------------------------------------------

export const APP_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const TRAY_VARIANTS = ['normal', 'syncing', 'alert'];
export const TRAY_SIZES = [16, 24, 32, 48];
const TEMPLATE_NAME = { normal: 'tray', syncing: 'traySyncing', alert: 'trayAlert' };

/** Every file, as [relative path, PNG bytes]. */
export function iconFiles() {
  const files = [['icon.png', encodePng(1024, appIcon(1024))]];
  for (const size of APP_ICON_SIZES) files.push([`icons/${size}x${size}.png`, encodePng(size, appIcon(size))]);
  for (const variant of TRAY_VARIANTS) {
    files.push([`tray/${TEMPLATE_NAME[variant]}Template.png`, encodePng(16, trayTemplate(variant, 16))]);
    files.push([`tray/${TEMPLATE_NAME[variant]}Template@2x.png`, encodePng(32, trayTemplate(variant, 32))]);
    for (const size of TRAY_SIZES) files.push([`tray/tray-${variant}-${size}.png`, encodePng(size, trayColour(variant, size))]);
  }
  return files;
}

function main() {
  const args = process.argv.slice(2);
  const outFlag = args.indexOf('--out');
  const out = outFlag >= 0 && args[outFlag + 1] !== undefined ? path.resolve(args[outFlag + 1]) : path.dirname(fileURLToPath(import.meta.url));
  const files = iconFiles();
  for (const [name, bytes] of files) {
    const target = path.join(out, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
  process.stdout.write(`wrote ${files.length} icons to ${out}\n`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
