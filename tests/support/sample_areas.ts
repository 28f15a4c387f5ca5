/**
 * Which test file owns which sample areas of the shared test database. The suite runs files
 * in parallel against one demo province: a file that counts or pages through an area, or
 * writes into one, owns it here, and no other file touches it. Areas are communes (by code:
 * demo communes, or test communes a file creates), map-sheet slots of `sampleSheet` (the
 * n-th sheet in a fixed md5 order, outside every commune owned here), and places outside the
 * demo province where a file imports.
 */
export interface SampleArea {
  /** Communes by code, wholly owned. */
  communes?: readonly string[];
  /** Slots of `sampleSheet` (tests/support/parcel_samples.ts). */
  sheetSlots?: readonly number[];
  /** Places a file imports into, as `lon,lat` (degrees, rounded to 0.01). */
  places?: readonly string[];
}

export const sampleAreas = {
  // Readers: page through or count every parcel of their commune.
  'tests/ogc/ogc_items.test.ts': { communes: ['31513'] },
  'tests/ogc/ogc_item_params.test.ts': { communes: ['31516'] },
  'tests/ogc/ogc_gdal.test.ts': { communes: ['31510'] },
  // Writers through sampleSheet: split, merge and edit parcels of their sheets.
  'tests/parcels/edit_rules.test.ts': { sheetSlots: [0] },
  'tests/parcels/split_merge.test.ts': { sheetSlots: [1] },
  'tests/parcels/concurrent_edits.test.ts': { sheetSlots: [2] },
  'tests/parcels/pending_edits.test.ts': { sheetSlots: [3] },
  'tests/parcels/edit_tiles.test.ts': { sheetSlots: [4] },
  'tests/security/bad_coordinates.test.ts': { sheetSlots: [9] },
  'tests/security/edit_cost.test.ts': { sheetSlots: [13] },
  // Importers: test communes of their own, created by the file.
  'tests/imports/shapefile_import.test.ts': { communes: ['39901'], places: ['105.08,10.38'] },
  'tests/imports/import_kill.test.ts': { communes: ['39902'], places: ['105.32,10.13'] },
  'tests/imports/imports_api.test.ts': { communes: ['39931'], places: ['105.05,10.55'] },
  'tests/faults/upload_event_loop.test.ts': { communes: ['39951'], places: ['105.15,10.45'] },
} as const satisfies Record<string, SampleArea>;

export type SampleAreaOwner = keyof typeof sampleAreas;

/** The communes `file` owns (the first is its main one). */
export function ownedCommunes(file: SampleAreaOwner): readonly string[] {
  const area: SampleArea = sampleAreas[file];
  return area.communes ?? [];
}

/** Every commune owned by some file: sampleSheet picks its sheets outside them. */
export const allOwnedCommunes: readonly string[] = Object.values(sampleAreas).flatMap(
  (area: SampleArea) => area.communes ?? [],
);
