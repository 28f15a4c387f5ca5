import type pg from 'pg';
import type { Config } from '../../config';
import type { LandUseInput } from './attribute_rules';
import type { Ewkb } from './edit_geometry';
import type { VersionSource } from './parcel_writes';

/** Everything an edit operation needs besides its own input. */
export interface EditContext {
  client: pg.ClientBase;
  authorId: number | null;
  /** When the new versions take effect. */
  at: Date;
  rules: Config['editing'];
  source: VersionSource;
  reason: string;
}

/** A parcel and the version an edit saw (the If-Match of the request). */
export interface ParcelAtVersion {
  parcelId: number;
  versionNo: number;
}

/** A parcel's outcome geometry for previews and the pending layer (WGS84). */
export interface PreviewPart {
  parcelId: number | null;
  geometry: object;
  area: number;
  /** The number a new parcel gets (split parts, a merge), so a dry run can show it. */
  parcelNo?: number;
}

/** What an edit did, or (in a dry run) would do. */
export interface EditOutcome {
  kind: 'create' | 'edit' | 'split' | 'merge' | 'undo';
  /** The versions the edit was checked against. */
  base: ParcelAtVersion[];
  /** Parcels that stopped being current (split or merged away). */
  retired: ParcelAtVersion[];
  /** The versions written: the edited parcel, or the new parcels. */
  written: ParcelAtVersion[];
  preview: PreviewPart[];
  /** The edit as checked, in a form that can be stored and applied again later. */
  replay: StoredEdit;
}

/** A checked edit, kept as JSON for a dossier until it is approved (geometries in zone planes). */
export type StoredEdit =
  | {
      kind: 'edit';
      parcel: ParcelAtVersion;
      geometry?: Ewkb;
      sheetNo?: number;
      parcelNo?: number;
      legalArea?: number | null;
      landAddress?: string | null;
      landUses?: LandUseInput[];
    }
  | {
      kind: 'create';
      communeId: number;
      sheetNo: number;
      parcelNo: number;
      zoneSrid: number;
      mapSheetId: number | null;
      geometry: Ewkb;
      landUses: LandUseInput[];
      legalArea?: number | null;
      landAddress?: string | null;
    }
  | {
      kind: 'split';
      parcel: ParcelAtVersion;
      parts: Ewkb[];
      children: { parcelNo?: number | undefined; landUses?: LandUseInput[] | undefined }[];
    }
  | {
      kind: 'merge';
      parcels: ParcelAtVersion[];
      parcelNo?: number | undefined;
      landUses?: LandUseInput[] | undefined;
    };
