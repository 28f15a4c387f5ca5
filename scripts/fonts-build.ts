// Builds the SDF glyph ranges MapLibre needs for labels (Latin + Vietnamese) from a system
// font, so the styles work offline:  npm run fonts:build -- [--font-dir /usr/share/fonts/truetype/dejavu]
// Writes tiles/style/fonts/<fontstack>/<start>-<end>.pbf (committed; rerun only to change fonts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import TinySDF from '@mapbox/tiny-sdf';
import { type Canvas, createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { Command } from 'commander';
import { PbfWriter } from 'pbf';

/** Glyph ranges that cover Vietnamese text (NFC): Latin-1, Latin Extended A/B (ơ, ư), Latin Extended Additional (ạ ... ỹ), punctuation. */
const ranges = [0, 256, 7680, 8192];
const fontSize = 24;
const buffer = 3;

const program = new Command()
  .name('fonts-build')
  .description('Generate MapLibre glyph PBFs (SDF) from DejaVu Sans')
  .option(
    '--font-dir <dir>',
    'folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf',
    '/usr/share/fonts/truetype/dejavu',
  )
  .option('--out <dir>', 'output folder', new URL('../tiles/style/fonts', import.meta.url).pathname)
  .parse();
const options = program.opts<{ fontDir: string; out: string }>();

const faces = [
  { stack: 'DejaVu Sans Book', file: 'DejaVuSans.ttf', family: 'DiagisSans', weight: 'normal' },
  {
    stack: 'DejaVu Sans Bold',
    file: 'DejaVuSans-Bold.ttf',
    family: 'DiagisSansBold',
    weight: 'bold',
  },
];

/** TinySDF draws on a canvas; in Node that canvas comes from @napi-rs/canvas. */
class NodeTinySdf extends TinySDF {
  _createCanvas(size: number): Canvas {
    return createCanvas(size, size);
  }
}

for (const face of faces) {
  if (!GlobalFonts.registerFromPath(join(options.fontDir, face.file), face.family)) {
    program.error(`cannot load ${join(options.fontDir, face.file)}; install fonts-dejavu-core`);
  }
  const sdf = new NodeTinySdf({
    fontSize,
    buffer,
    radius: 8,
    cutoff: 0.25,
    fontFamily: face.family,
    fontWeight: face.weight,
  });
  const ascent = Math.round(
    (sdf as unknown as { ctx: { measureText(t: string): TextMetrics } }).ctx.measureText('Ă')
      .fontBoundingBoxAscent,
  );
  const dir = join(options.out, face.stack);
  mkdirSync(dir, { recursive: true });
  for (const start of ranges) {
    const name = `${start}-${start + 255}`;
    const pbf = new PbfWriter();
    pbf.writeMessage(
      1,
      (_: unknown, out: PbfWriter) => {
        out.writeStringField(1, face.stack);
        out.writeStringField(2, name);
        for (let id = start; id <= start + 255; id++) {
          const glyph = sdf.draw(String.fromCodePoint(id));
          if (glyph.glyphAdvance === 0 && glyph.glyphWidth === 0) continue;
          out.writeMessage(
            3,
            (_g: unknown, g: PbfWriter) => {
              g.writeVarintField(1, id);
              if (glyph.glyphWidth > 0) g.writeBytesField(2, Buffer.from(glyph.data));
              g.writeVarintField(3, glyph.glyphWidth);
              g.writeVarintField(4, glyph.glyphHeight);
              g.writeSVarintField(5, glyph.glyphLeft);
              g.writeSVarintField(6, glyph.glyphTop - ascent);
              g.writeVarintField(7, Math.round(glyph.glyphAdvance));
            },
            undefined,
          );
        }
      },
      undefined,
    );
    writeFileSync(join(dir, `${name}.pbf`), pbf.finish());
  }
  console.log(`${face.stack}: ${ranges.length} ranges in ${dir}`);
}
