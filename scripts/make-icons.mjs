// Draws Ferry's icon (a white ferry on waves, on a blue rounded square) and writes it as PNG at every size
// the packagers want: assets/icons/<n>x<n>.png (Linux) and assets/icon.png (1024 px; electron-builder
// derives .icns and .ico from it). No dependencies: a tiny supersampling rasterizer of filled shapes and
// a PNG encoder over node:zlib. Output is deterministic, so re-running it leaves git clean.
//   node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

// ---- shapes, in unit coordinates (0..1, y down); each is (x, y) => inside? ----
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
};
/** Convex polygon, points clockwise on screen (y down). */
const polygon = (points) => (x, y) =>
  points.every(([ax, ay], i) => {
    const [bx, by] = points[(i + 1) % points.length];
    return (bx - ax) * (y - ay) - (by - ay) * (x - ax) >= 0;
  });
const wave = (x0, x1, yMid, amplitude, periods, thickness) => (x, y) =>
  x >= x0 && x <= x1 && Math.abs(y - (yMid + amplitude * Math.sin(((x - x0) / (x1 - x0)) * periods * 2 * Math.PI))) <= thickness / 2;

const hex = (value) => [1, 3, 5].map((i) => parseInt(value.slice(i, i + 2), 16));
const TOP = hex('#2f81f7');
const BOTTOM = hex('#0a3069');
const WHITE = hex('#ffffff');
const WINDOW = hex('#0d419d');
const FUNNEL = hex('#ffa657');
const FOAM = hex('#a5d6ff');

/** Layers bottom to top; `color` may depend on the point (the background gradient). */
const LAYERS = [
  { shape: roundedRect(0.06, 0.06, 0.94, 0.94, 0.2), color: (_x, y) => TOP.map((c, i) => c + (BOTTOM[i] - c) * ((y - 0.06) / 0.88)) },
  { shape: wave(0.16, 0.84, 0.79, 0.02, 3, 0.045), color: () => FOAM },
  { shape: wave(0.28, 0.72, 0.87, 0.015, 2, 0.035), color: () => FOAM },
  { shape: polygon([[0.14, 0.56], [0.86, 0.56], [0.74, 0.71], [0.26, 0.71]]), color: () => WHITE },
  { shape: roundedRect(0.27, 0.43, 0.71, 0.57, 0.025), color: () => WHITE },
  { shape: roundedRect(0.38, 0.33, 0.62, 0.44, 0.02), color: () => WHITE },
  { shape: roundedRect(0.5, 0.21, 0.58, 0.34, 0.012), color: () => FUNNEL },
  ...[0.31, 0.45, 0.59].map((x) => ({ shape: roundedRect(x, 0.465, x + 0.08, 0.525, 0.015), color: () => WINDOW })),
];

function render(size) {
  const n = size <= 64 ? 8 : size <= 256 ? 4 : 3; // samples per axis: small icons need the most
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          for (let i = LAYERS.length - 1; i >= 0; i--) {
            if (!LAYERS[i].shape(x, y)) continue;
            const [cr, cg, cb] = LAYERS[i].color(x, y);
            r += cr; g += cg; b += cb; a += 1;
            break;
          }
        }
      }
      const o = (py * size + px) * 4;
      // Colours averaged over covered samples only (straight alpha), alpha over all samples.
      if (a > 0) [rgba[o], rgba[o + 1], rgba[o + 2]] = [r / a, g / a, b / a].map(Math.round);
      rgba[o + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return rgba;
}

// ---- PNG: signature, IHDR, one IDAT, IEND; 8-bit RGBA, no filtering ----
const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
  let c = k;
  for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
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
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, no filter method, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rows.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync('assets/icons', { recursive: true });
for (const size of SIZES) {
  const png = encodePng(size, render(size));
  writeFileSync(`assets/icons/${size}x${size}.png`, png);
  if (size === 1024) writeFileSync('assets/icon.png', png);
}
console.log(`wrote assets/icon.png and ${SIZES.length} sizes in assets/icons/`);
