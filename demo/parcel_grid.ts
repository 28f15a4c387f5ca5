// Parcel geometry for one map sheet: pure arithmetic, no database.
//
// A sheet is cut north to south into blocks of lot rows separated by full-width strips
// (roads, canals, now and then a river). Inside a block the lots are cells of a jittered
// grid whose vertices are shared by neighbouring cells, and a strip takes its edges from
// the vertices of the blocks on either side, so pieces never overlap and leave no gaps.
// Vertices on the sheet edge move only along the edge, so neighbouring sheets fit too.
// Each vertex moves at most 12% of the smaller adjoining cell side, which keeps every
// quadrilateral convex (hence valid). A few pairs of cells are merged so the sheet holds
// exactly the number of parcels asked for. Coordinates are whole millimetres.
import { apportion, type Rng } from './random';

export type StripKind = 'road' | 'canal' | 'river';

/** One future parcel of a sheet. */
export interface GridPiece {
  /**
   * Exterior ring, counter-clockwise, not closed: x0, y0, x1, y1, ... in millimetres from
   * the sheet's south-west corner.
   */
  ring: number[];
  /** Set for a road, canal or river strip; undefined for a lot. */
  strip: StripKind | undefined;
  /** Block number, north to south (strips carry the number of the block above them). */
  block: number;
  /** True for a lot that fronts a road or canal. */
  frontage: boolean;
}

export interface SheetGridOptions {
  widthMm: number;
  heightMm: number;
  parcels: number;
  urban: boolean;
  rng: Rng;
}

const profiles = {
  // Urban lots ~12-20 m wide, 20-35 m deep, two rows back to back between streets.
  urban: { aspect: 0.6, rowsPerBlock: 2, stripMm: 8000 },
  // Rural fields ~30-60 m by 40-90 m, four rows between canals or roads.
  rural: { aspect: 0.65, rowsPerBlock: 4, stripMm: 10000 },
} as const;
const jitterShare = 0.12;
const maxStripShare = 0.25;

interface Block {
  rows: number;
  columns: number;
  xs: Int32Array;
  ys: Int32Array;
}

/** Cumulative cut positions 0..total for `count` parts of random, similar length. */
function cutPositions(total: number, count: number, spread: number, rng: Rng): number[] {
  const parts = apportion(
    total,
    Array.from({ length: count }, () => rng.float(1 - spread, 1 + spread)),
  );
  const positions = [0];
  let sum = 0;
  for (const part of parts) {
    sum += part;
    positions.push(sum);
  }
  return positions;
}

function jittered(value: number, limit: number, fixed: boolean, rng: Rng): number {
  return fixed || limit < 1 ? value : value + rng.int(-limit, limit);
}

/** Lays out `parcels` pieces on a sheet, ordered north to south, west to east. */
export function layoutSheet(options: SheetGridOptions): GridPiece[] {
  const { widthMm: width, heightMm: height, parcels, urban, rng } = options;
  if (parcels <= 0) return [];
  const profile = urban ? profiles.urban : profiles.rural;
  const cellHeight = Math.sqrt((width * height) / parcels / profile.aspect);
  const rows = Math.min(parcels, Math.max(1, Math.round(height / cellHeight)));
  const strips =
    parcels >= 3 * rows && rows > profile.rowsPerBlock
      ? Math.floor((rows - 1) / profile.rowsPerBlock)
      : 0;
  const blockRows = Array.from({ length: strips + 1 }, (_, b) =>
    b < strips ? profile.rowsPerBlock : rows - profile.rowsPerBlock * strips,
  );
  const extraLots = apportion(
    parcels - strips - rows,
    blockRows.map((r) => r * rng.float(0.75, 1.25)),
  );
  const stripKinds: StripKind[] = Array.from({ length: strips }, () =>
    urban
      ? 'road'
      : rng.weighted<StripKind>([
          ['canal', 0.6],
          ['road', 0.3],
          ['river', 0.1],
        ]),
  );
  let stripHeights = stripKinds.map((kind) =>
    Math.round(profile.stripMm * (kind === 'river' ? 2.5 : 1) * rng.float(0.8, 1.25)),
  );
  const stripTotal = stripHeights.reduce((a, h) => a + h, 0);
  if (stripTotal > maxStripShare * height) {
    stripHeights = stripHeights.map((h) => Math.floor((h * maxStripShare * height) / stripTotal));
  }
  const rowHeights = apportion(
    height - stripHeights.reduce((a, h) => a + h, 0),
    Array.from({ length: rows }, () => rng.float(0.85, 1.15)),
  );

  const blocks: Block[] = [];
  let top = height;
  let rowIndex = 0;
  blockRows.forEach((rowCount, b) => {
    const lots = rowCount + (extraLots[b] ?? 0);
    const columns = Math.ceil(lots / rowCount);
    const heights = rowHeights.slice(rowIndex, rowIndex + rowCount);
    rowIndex += rowCount;
    const lineYs = [top];
    for (const h of heights) lineYs.push((lineYs[lineYs.length - 1] ?? 0) - h);
    const neighbours = [stripHeights[b - 1], stripHeights[b]].filter((h) => h !== undefined);
    const dy = Math.floor(jitterShare * Math.min(...heights, ...neighbours));
    const lineXs = cutPositions(width, columns, 0.2, rng);
    let minWidth = width;
    for (let j = 0; j < columns; j++) {
      minWidth = Math.min(minWidth, (lineXs[j + 1] ?? 0) - (lineXs[j] ?? 0));
    }
    const dx = Math.floor(jitterShare * minWidth);
    const xs = new Int32Array((rowCount + 1) * (columns + 1));
    const ys = new Int32Array(xs.length);
    for (let i = 0; i <= rowCount; i++) {
      const onSheetEdge = (b === 0 && i === 0) || (b === strips && i === rowCount);
      for (let j = 0; j <= columns; j++) {
        const k = i * (columns + 1) + j;
        xs[k] = jittered(lineXs[j] ?? 0, dx, j === 0 || j === columns, rng);
        ys[k] = jittered(lineYs[i] ?? 0, dy, onSheetEdge, rng);
      }
    }
    blocks.push({ rows: rowCount, columns, xs, ys });
    top = (lineYs[rowCount] ?? 0) - (stripHeights[b] ?? 0);
  });

  const pieces: GridPiece[] = [];
  blocks.forEach((block, b) => {
    const lots = block.rows + (extraLots[b] ?? 0);
    const merges = block.rows * block.columns - lots;
    const mergeAt = new Map<number, number>();
    for (const row of rng.sample(block.rows, merges)) {
      mergeAt.set(row, rng.int(0, block.columns - 2));
    }
    for (let i = 0; i < block.rows; i++) {
      const frontage = (i === 0 && b > 0) || (i === block.rows - 1 && b < strips);
      const merged = mergeAt.get(i);
      for (let j = 0; j < block.columns; j += j === merged ? 2 : 1) {
        const span = j === merged ? 2 : 1;
        const ring: number[] = [];
        for (let c = j; c <= j + span; c++) pushVertex(ring, block, i + 1, c);
        for (let c = j + span; c >= j; c--) pushVertex(ring, block, i, c);
        pieces.push({ ring, strip: undefined, block: b, frontage });
      }
    }
    const below = blocks[b + 1];
    const kind = stripKinds[b];
    if (below && kind) {
      const ring: number[] = [];
      for (let c = 0; c <= below.columns; c++) pushVertex(ring, below, 0, c);
      for (let c = block.columns; c >= 0; c--) pushVertex(ring, block, block.rows, c);
      pieces.push({ ring, strip: kind, block: b, frontage: false });
    }
  });
  return pieces;
}

function pushVertex(ring: number[], block: Block, line: number, column: number): void {
  const k = line * (block.columns + 1) + column;
  ring.push(block.xs[k] ?? 0, block.ys[k] ?? 0);
}

/** Area of a ring in square metres (exact shoelace on whole millimetres). */
export function ringArea(ring: readonly number[]): number {
  let twice = 0;
  const n = ring.length;
  for (let i = 0; i < n; i += 2) {
    const x1 = ring[i] ?? 0;
    const y1 = ring[i + 1] ?? 0;
    const x2 = ring[(i + 2) % n] ?? 0;
    const y2 = ring[(i + 3) % n] ?? 0;
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2 / 1e6;
}

function metres(mm: number): string {
  const whole = Math.floor(mm / 1000);
  return `${whole}.${String(mm - whole * 1000).padStart(3, '0')}`;
}

/**
 * EWKT of a ring as a one-part MultiPolygon, shifted by the sheet origin (millimetres)
 * and written in metres with three decimals.
 */
export function ringEwkt(
  ring: readonly number[],
  originXmm: number,
  originYmm: number,
  srid: number,
): string {
  const points: string[] = [];
  for (let i = 0; i < ring.length; i += 2) {
    points.push(`${metres(originXmm + (ring[i] ?? 0))} ${metres(originYmm + (ring[i + 1] ?? 0))}`);
  }
  points.push(points[0] ?? '');
  return `SRID=${srid};MULTIPOLYGON(((${points.join(',')})))`;
}
