/** The shapes of the parcel import API (/api/imports), built by the server, read by the web client. */

/** The parcel attributes an import needs, whatever a file calls them. */
export const parcelFields = [
  'commune',
  'sheet',
  'parcel',
  'area',
  'landUse',
  'holder',
  'address',
] as const;
export type ParcelField = (typeof parcelFields)[number];

/** Which source attribute holds each parcel attribute (names as in the file). */
export type FieldMap = Partial<Record<ParcelField, string>>;

/** One decoded feature as the preview shows it. */
export interface PreviewFeature {
  featureNo: number;
  commune: string | null;
  sheet: string | null;
  parcel: string | null;
  landUse: string | null;
  holder: string | null;
  address: string | null;
}

/** What reading a file found out before its rows: CRS, encoding, attributes, first features. */
export interface SourceFacts {
  sourceSrid: number;
  /** How the CRS was recognised (the .prj, an EPSG code, the caller's choice, ...). */
  crsVia: string;
  targetSrid: number;
  encoding: string;
  encodingScores: Record<string, number> | undefined;
  features: number;
  attributes: string[];
  fieldMap: FieldMap;
  preview: PreviewFeature[];
}

/** POST /api/imports/preview: what the upload holds, checked without writing. */
export interface ImportPreview extends SourceFacts {
  fileName: string;
}

/** Where an import is. */
export type ImportPhase = 'reading' | 'validating' | 'writing' | 'finished';

/** A job as the API shows it; `status` already reads "failed" when the importing session is gone. */
export interface ImportJob {
  id: number;
  kind: string;
  fileName: string;
  status: 'running' | 'succeeded' | 'rejected' | 'failed';
  dryRun: boolean;
  phase: ImportPhase;
  progressDone: number;
  progressTotal: number | null;
  sourceSrid: number | null;
  targetSrid: number | null;
  encoding: string | null;
  counts: {
    features: number | null;
    created: number | null;
    revised: number | null;
    unchanged: number | null;
    quarantined: number | null;
    repaired: number | null;
    errors: number | null;
  };
  message: string | null;
  createdBy: number | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** How many features broke one rule in a job's validation report. */
export interface ImportRuleCount {
  rule: string;
  severity: 'error' | 'warning' | 'repaired';
  features: number;
}

/** GET /api/imports/{id}: the job, its rules and where its report downloads are. */
export interface ImportStatus {
  job: ImportJob;
  rules: ImportRuleCount[];
  downloads: { issuesCsv: string; rejectedGeoJson: string };
}
