import { mapSheets, parcels } from './cadastre_collections';
import type { CollectionDef } from './collection_def';
import { adminUnits, planZones, stations } from './public_collections';

/** The collections of the OGC API, in the order `/collections` lists them. */
export const collections: readonly CollectionDef[] = [
  parcels,
  mapSheets,
  planZones,
  stations,
  adminUnits,
];
