import proj4 from 'proj4';
import { copyLine } from '../../core/db/copy_rows';
import { multiPolygonEwkbHex, type PolygonRings } from '../../core/geo/ewkb';
import { mapLandUses } from '../fields/land_use_mapping';
import { FeatureBoxes } from '../geometry/feature_boxes';
import { ringProblem } from '../geometry/ring_checks';
import { ImportError } from '../import_error';
import { garbledReason } from '../text/text_encoding';
import type { ParseRequest, PreviewFeature } from './parse_request';

/** A problem found while reading a feature; errors keep it out of the parcels. */
export interface FeatureProblem {
  severity: 'error' | 'warning';
  rule: string;
  message: string;
}

/** A feature as a reader hands it over: mapped attribute values and geometry. */
export interface SourceFeature {
  values: Partial<
    Record<
      'commune' | 'sheet' | 'parcel' | 'area' | 'landUse' | 'holder' | 'address',
      string | number | null
    >
  >;
  /** Every attribute, decoded, for the quarantine. */
  attributes: Record<string, string | number | null>;
  geometry: PolygonRings[] | null | { unsupported: string };
  problems: FeatureProblem[];
}

/** Columns of the staging table, in COPY order. */
export const stageColumns = [
  'feature_no',
  'commune_code',
  'sheet_no',
  'parcel_no',
  'legal_area',
  'uses',
  'original_uses',
  'holder',
  'address',
  'geom',
  'lon',
  'lat',
  'attributes',
  'raw_geometry',
  'problems',
] as const;

const positiveInteger = (value: string | number | null | undefined): number | undefined => {
  const number = typeof value === 'number' ? value : Number(String(value ?? '').trim());
  return Number.isSafeInteger(number) && number > 0 && number < 2 ** 31 ? number : undefined;
};

const positiveNumber = (value: string | number | null | undefined): number | undefined => {
  const number =
    typeof value === 'number'
      ? value
      : Number(
          String(value ?? '')
            .trim()
            .replace(',', '.'),
        );
  return Number.isFinite(number) && number > 0 ? number : undefined;
};

/**
 * garbledReason per distinct value: holder names and addresses repeat across a file (the
 * same family, the same hamlet), and the syllable check was a quarter of the parse time.
 * Bounded: cleared when it holds `garbledCacheSize` values.
 */
const garbledCacheSize = 50_000;
const garbledCache = new Map<string, string | undefined>();
function cachedGarbledReason(value: string): string | undefined {
  if (garbledCache.has(value)) return garbledCache.get(value);
  const reason = garbledReason(value);
  if (garbledCache.size >= garbledCacheSize) garbledCache.clear();
  garbledCache.set(value, reason);
  return reason;
}

const text = (value: string | number | null | undefined): string | null =>
  value === null || value === undefined || String(value).trim() === ''
    ? null
    : String(value).trim();

/**
 * Turns features into staging rows: maps attributes, checks rings, reprojects in the same
 * pass, locates each feature in WGS84 and refuses the file when its first features fall
 * outside the province (a wrong CRS or swapped axes).
 */
export class FeatureRows {
  private readonly toTarget: ((xy: number[]) => number[]) | undefined;
  private readonly toWgs84: (xy: number[]) => number[];
  private readonly current: ReadonlySet<string>;
  private readonly legacy: ReadonlyMap<string, string>;
  private located = 0;
  private outside = 0;
  private firstOutside: [number, number] | undefined;
  private held: string[] = [];
  readonly preview: PreviewFeature[] = [];
  /** The box of every staged geometry, for the pairs the in-file overlap check looks at. */
  readonly boxes = new FeatureBoxes();

  constructor(
    private readonly request: ParseRequest,
    private readonly sourceSrid: number,
    readonly targetSrid: number,
  ) {
    const definition = (srid: number) => {
      const found = request.proj4[srid];
      if (!found) throw new ImportError('crs_unknown', `no definition for EPSG:${srid}`);
      return found;
    };
    const wgs84 = '+proj=longlat +datum=WGS84 +no_defs';
    const source = sourceSrid === 4326 ? wgs84 : definition(sourceSrid);
    this.toTarget =
      sourceSrid === targetSrid ? undefined : proj4(source, definition(targetSrid)).forward;
    this.toWgs84 = sourceSrid === 4326 ? (xy) => xy : proj4(source, wgs84).forward;
    this.current = new Set(request.landUse.current);
    this.legacy = new Map(request.landUse.legacy);
  }

  private checkProvince(lon: number, lat: number): boolean {
    const [minLon, minLat, maxLon, maxLat] = this.request.provinceBbox;
    return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;
  }

  private judgeCrs(): void {
    if (this.located === 0 || this.outside * 2 <= this.located) return;
    const [x, y] = this.firstOutside ?? [0, 0];
    const [minLon, minLat, maxLon, maxLat] = this.request.provinceBbox;
    const back = this.toWgs84([y, x]);
    const swapped = this.checkProvince(back[0] as number, back[1] as number)
      ? '; with x and y exchanged they would fit: the axes look swapped'
      : '';
    throw new ImportError(
      'crs_outside_province',
      `${this.outside} of the first ${this.located} features fall outside the province ` +
        `(${minLon}..${maxLon} E, ${minLat}..${maxLat} N) when read as EPSG:${this.sourceSrid}, ` +
        `e.g. ${x.toFixed(5)}, ${y.toFixed(5)}${swapped}: the CRS is wrong; choose the right one`,
      this.request.name,
    );
  }

  /** Staging rows ready to COPY after this feature (numbered from 1); held back until the CRS is judged. */
  add(featureNo: number, feature: SourceFeature): string[] {
    const problems = [...feature.problems];
    const v = feature.values;
    const commune = text(v.commune) ?? this.request.communeCode ?? null;
    const sheet = positiveInteger(v.sheet);
    const parcel = positiveInteger(v.parcel);
    if (commune === null || !/^[0-9]{2,5}$/.test(commune)) {
      problems.push({
        severity: 'error',
        rule: 'commune_invalid',
        message: `commune code ${JSON.stringify(commune)} is not 2-5 digits`,
      });
    }
    if (sheet === undefined)
      problems.push({
        severity: 'error',
        rule: 'sheet_invalid',
        message: `sheet number ${JSON.stringify(v.sheet ?? null)} is not a positive integer`,
      });
    if (parcel === undefined)
      problems.push({
        severity: 'error',
        rule: 'parcel_invalid',
        message: `parcel number ${JSON.stringify(v.parcel ?? null)} is not a positive integer`,
      });
    const area = text(v.area) === null ? undefined : positiveNumber(v.area);
    if (text(v.area) !== null && area === undefined) {
      problems.push({
        severity: 'error',
        rule: 'area_invalid',
        message: `area ${JSON.stringify(v.area)} is not a positive number`,
      });
    }
    const uses = mapLandUses(text(v.landUse) ?? '', { current: this.current, legacy: this.legacy });
    if (uses.unknown.length > 0) {
      problems.push({
        severity: 'error',
        rule: 'unknown_land_use_code',
        message: `land-use code ${uses.unknown.join(', ')} is neither a current (Circular 08/2024) nor a known legacy code`,
      });
    } else if (uses.codes.length === 0) {
      problems.push({ severity: 'error', rule: 'land_use_missing', message: 'no land-use code' });
    } else if (uses.codes.length > 3) {
      problems.push({
        severity: 'error',
        rule: 'too_many_land_uses',
        message: `${uses.codes.length} land uses; a parcel has at most 3`,
      });
    }
    for (const field of ['holder', 'address'] as const) {
      const value = text(v[field]);
      const garbled = value === null ? undefined : cachedGarbledReason(value);
      if (garbled)
        problems.push({ severity: 'error', rule: 'garbled_text', message: `${field}: ${garbled}` });
    }
    let hex: string | null = null;
    let location: number[] | undefined;
    let raw: string | null = null;
    const geometry = feature.geometry;
    if (geometry === null) {
      problems.push({
        severity: 'error',
        rule: 'null_geometry',
        message: 'the feature has no geometry',
      });
    } else if (!Array.isArray(geometry)) {
      problems.push({
        severity: 'error',
        rule: 'not_a_polygon',
        message: `geometry is a ${geometry.unsupported}, not a polygon`,
      });
    } else {
      const first = geometry[0]?.[0]?.[0];
      if (first && Number.isFinite(first[0]) && Number.isFinite(first[1])) {
        location = this.toWgs84([first[0] as number, first[1] as number]);
        this.located += 1;
        const inside = this.checkProvince(location[0] as number, location[1] as number);
        if (!inside) {
          this.outside += 1;
          this.firstOutside ??= [first[0] as number, first[1] as number];
          problems.push({
            severity: 'error',
            rule: 'outside_province',
            message: `first vertex ${(location[0] as number).toFixed(6)}, ${(location[1] as number).toFixed(6)} (WGS84) lies outside the province`,
          });
        }
      }
      const ringIssue = ringProblem(geometry, this.request.limits);
      if (ringIssue) {
        problems.push({ severity: 'error', rule: ringIssue.rule, message: ringIssue.message });
        raw = JSON.stringify({ type: 'MultiPolygon', coordinates: geometry });
      } else {
        const project = this.toTarget;
        const projected = project
          ? geometry.map((rings) => rings.map((ring) => ring.map((xy) => project(xy))))
          : geometry;
        hex = multiPolygonEwkbHex(projected, this.targetSrid);
        this.boxes.add(featureNo, projected);
      }
    }
    if (this.preview.length < this.request.previewSize) {
      this.preview.push({
        featureNo,
        commune,
        sheet: text(v.sheet),
        parcel: text(v.parcel),
        landUse: text(v.landUse),
        holder: text(v.holder),
        address: text(v.address),
      });
    }
    const hasProblems = problems.length > 0;
    const line = copyLine([
      featureNo,
      commune,
      sheet ?? null,
      parcel ?? null,
      area ?? null,
      uses.codes.join(','),
      uses.originals.join(','),
      text(v.holder),
      text(v.address),
      hex,
      location?.[0] ?? null,
      location?.[1] ?? null,
      hasProblems ? JSON.stringify(feature.attributes) : null,
      raw,
      hasProblems ? JSON.stringify(problems) : null,
    ]);
    // Rows wait until the first 200 located features have been judged, so a file in the
    // wrong CRS is refused before anything reaches the database.
    if (this.located < 200) {
      this.held.push(line);
      return [];
    }
    if (this.held.length > 0) {
      this.judgeCrs();
      const out = [...this.held, line];
      this.held = [];
      return out;
    }
    return [line];
  }

  /** Rows still held back (a file with fewer than 200 features), after judging the CRS. */
  finish(): string[] {
    this.judgeCrs();
    const out = this.held;
    this.held = [];
    return out;
  }
}
