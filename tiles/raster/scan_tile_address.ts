import { DiagisError } from '../../core/errors/diagis_error';
import { maxZoom } from '../tile_math';

/** Image formats a scan tile is served in. */
export type ScanTileFormat = 'png' | 'webp';

/** A validated scan tile request. */
export interface ScanTileAddress {
  z: number;
  x: number;
  y: number;
  format: ScanTileFormat;
}

/** A scan tile path that breaks a rule: `field` and the rule (`invalid_input`). */
export class ScanTileAddressError extends DiagisError {
  override name = 'ScanTileAddressError';
  constructor(field: string, rule: string) {
    super('invalid_input', `${field}: ${rule}`, { field });
  }
}

const integerText = /^(0|[1-9][0-9]{0,9})$/;

function integer(field: string, text: string): number {
  if (!integerText.test(text))
    throw new ScanTileAddressError(field, `must be a whole number, got ${text}`);
  return Number(text);
}

/** Checks `{z}/{x}/{y}.png` (or `.webp`): z 0-22, x and y within 0..2^z-1. */
export function parseScanTileAddress(zText: string, xText: string, file: string): ScanTileAddress {
  const match = /^([^.]*)\.(png|webp)$/.exec(file);
  if (!match) throw new ScanTileAddressError('format', `must be {y}.png or {y}.webp, got ${file}`);
  const z = integer('z', zText);
  if (z > maxZoom) throw new ScanTileAddressError('z', `must be 0-${maxZoom}, got ${z}`);
  const x = integer('x', xText);
  const y = integer('y', match[1] ?? '');
  const last = 2 ** z - 1;
  if (x > last) throw new ScanTileAddressError('x', `must be 0-${last} at z${z}, got ${x}`);
  if (y > last) throw new ScanTileAddressError('y', `must be 0-${last} at z${z}, got ${y}`);
  return { z, x, y, format: match[2] as ScanTileFormat };
}
