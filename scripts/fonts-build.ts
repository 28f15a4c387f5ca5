// Builds the SDF glyph ranges MapLibre needs for labels (Latin + Vietnamese) from a system
// font, so the styles work offline:  npm run fonts:build -- [--font-dir …] [--write]
// The glyphs in tiles/style/fonts/<fontstack>/<start>-<end>.pbf are committed. Rasterising
// depends on the FreeType and canvas builds of the machine, so by default the script only
// compares what it would write with the committed files and changes nothing; --write
// replaces them (only to change fonts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  .option('--write', 'replace the glyph files (default: compare with them and write nothing)')
  .parse();
const options = program.opts<{ fontDir: string; out: string; write?: boolean }>();
let differing = 0;

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
  if (options.write) mkdirSync(dir, { recursive: true });
  for (const start of ranges) {
    const name = `${start}-${start + 255}`;
    const pbf = new PbfWriter();
    pbf.writeMessage(
      1,
      (_: unknown, out: PbfWriter) => {
        out.writeStringField(1, face.stack);
        out.writeStringField(2, name);
        for (let id = start; id <= start + 255; id++) {
          // Control characters never reach a label, and how a canvas draws them (a box, a
          // code chart, nothing) differs between machines: they are left out.
          if (id < 0x20 || (id >= 0x7f && id < 0xa0)) continue;
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
    const file = join(dir, `${name}.pbf`);
    const built = pbf.finish();
    const same = existsSync(file) && Buffer.from(built).equals(readFileSync(file));
    if (!same) differing++;
    if (options.write) writeFileSync(file, built);
    else console.log(`${face.stack}/${name}.pbf: ${same ? 'same as committed' : 'differs'}`);
  }
  if (options.write) console.log(`${face.stack}: ${ranges.length} ranges written in ${dir}`);
}
if (!options.write && differing > 0) {
  console.log(
    `${differing} glyph file(s) would change (this machine's rasteriser or fonts differ); nothing ` +
      'was written. Use --write only to change fonts, and commit the result.',
  );
}
