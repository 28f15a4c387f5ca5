import type { FieldMap, SourceFacts } from '../../core/api/import_job';
import type { ZoneCrs } from '../crs/prj_crs';
import type { LandUseCatalogue } from '../fields/land_use_mapping';
import type { BoxList, BoxPairs } from '../geometry/feature_boxes';
import type { GeometryLimits } from '../geometry/ring_checks';
import type { ImportErrorCode } from '../import_error';
import type { ZipLimits } from '../source/zip_entries';
import type { TextEncoding } from '../text/text_encoding';

/** Everything the parse worker needs; plain data, so it can cross to a worker thread. */
export interface ParseRequest {
  kind: 'shapefile' | 'geojson';
  name: string;
  parts: [string, Uint8Array][];
  /** preview: only the metadata and the first decoded features. */
  mode: 'preview' | 'parse';
  sourceSrid: number | undefined;
  encoding: TextEncoding | undefined;
  fieldMap: FieldMap;
  communeCode: string | undefined;
  /** Zone used when the source is geographic (WGS84, VN-2000 lon/lat). */
  defaultTargetSrid: number;
  zones: ZoneCrs[];
  /** proj4 definitions by SRID (zones from spatial_ref_sys, with the official datum). */
  proj4: Record<number, string>;
  /** minLon, minLat, maxLon, maxLat: where parcels of this province can be. */
  provinceBbox: [number, number, number, number];
  landUse: LandUseCatalogue;
  /** maxBytes: the import's size limit, from which the reader's memory is sized (`read_memory.ts`). */
  limits: GeometryLimits & { maxFeatures: number; maxDepth: number; maxBytes: number };
  previewSize: number;
  /** Pairs of features whose boxes overlap by more than this (m²) are handed back for the overlap check. */
  overlapToleranceM2: number;
}

/**
 * What the read worker is handed: the upload as it came (a zip is unpacked in the worker,
 * so inflating a bomb never holds the server's event loop) and the parse settings. The
 * file bytes should live in SharedArrayBuffers, which cross to the worker without a copy.
 */
export interface ReadRequest extends Omit<ParseRequest, 'kind' | 'name' | 'parts'> {
  source: { name: string; files: [string, Uint8Array][] };
  zipLimits: ZipLimits;
}

/** What the worker found out about the file before the rows (the preview's facts). */
export interface ParseMeta extends SourceFacts {
  kind: 'shapefile' | 'geojson';
}

export type ParseMessage =
  | { type: 'meta'; meta: ParseMeta }
  /** COPY text lines as UTF-8 bytes; the buffer is transferred, not copied. */
  | { type: 'rows'; bytes: Uint8Array; count: number }
  | { type: 'done'; features: number; boxes: BoxList; overlapCandidates: BoxPairs }
  | {
      type: 'failed';
      code: ImportErrorCode | 'internal';
      message: string;
      file?: string;
      record?: number;
    };
