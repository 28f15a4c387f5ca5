import { DiagisError } from '../core/errors/diagis_error';
import { findLayer, type TileLayer } from './layers';

/** A validated tile request. */
export interface TileAddress {
  layer: TileLayer;
  z: number;
  x: number;
  y: number;
}

/** A tile path that breaks a rule: `not_found` for an unknown layer, else `invalid_input`. */
export class TileAddressError extends DiagisError {
  override name = 'TileAddressError';
  constructor(code: 'invalid_input' | 'not_found', field: string, message: string) {
    super(code, message, { field });
  }
}

const integerText = /^(0|[1-9][0-9]{0,9})$/;
const tileFile = /^([^.]*)\.(mvt|pbf)$/;

function integer(field: string, text: string): number {
  if (!integerText.test(text)) {
    throw new TileAddressError(
      'invalid_input',
      field,
      `${field}: must be a whole number, got ${text}`,
    );
  }
  return Number(text);
}

/**
 * Checks the parts of `/tiles/{layer}/{z}/{x}/{y}.mvt` (or `.pbf`): a known layer
 * (`not_found` otherwise), z within the layer's zoom range, x and y within 0..2^z-1
 * (`invalid_input` otherwise).
 */
export function parseTileAddress(
  layerId: string,
  zText: string,
  xText: string,
  file: string,
): TileAddress {
  const layer = findLayer(layerId);
  if (!layer) throw new TileAddressError('not_found', 'layer', `layer: no layer named ${layerId}`);
  const match = tileFile.exec(file);
  if (!match) {
    throw new TileAddressError(
      'invalid_input',
      'format',
      `format: must be {y}.mvt or {y}.pbf, got ${file}`,
    );
  }
  const z = integer('z', zText);
  if (z < layer.minzoom || z > layer.maxzoom) {
    throw new TileAddressError(
      'invalid_input',
      'z',
      `z: must be ${layer.minzoom}-${layer.maxzoom} for ${layer.id}, got ${z}`,
    );
  }
  const last = 2 ** z - 1;
  const x = integer('x', xText);
  const y = integer('y', match[1] ?? '');
  if (x > last)
    throw new TileAddressError('invalid_input', 'x', `x: must be 0-${last} at z${z}, got ${x}`);
  if (y > last)
    throw new TileAddressError('invalid_input', 'y', `y: must be 0-${last} at z${z}, got ${y}`);
  return { layer, z, x, y };
}
