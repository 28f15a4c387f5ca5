import type { Audience } from './layers';

/** Identifies one cached tile: who it was rendered for, the layer and z/x/y. */
export interface TileKey {
  audience: Audience;
  layer: string;
  z: number;
  x: number;
  y: number;
}

/** Both audiences, for invalidation: an edit may change either one's tiles. */
export const audiences: readonly Audience[] = ['public', 'staff'];

/** `audience/layer/z/x/y`, the key of the memory cache and the path under the disk cache. */
export const keyText = (key: TileKey): string =>
  `${key.audience}/${key.layer}/${key.z}/${key.x}/${key.y}`;

/** The group of keys one invalidation step looks at: `audience/layer/z`. */
export const bucketText = (audience: Audience, layer: string, z: number): string =>
  `${audience}/${layer}/${z}`;
