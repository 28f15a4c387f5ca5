import proj4 from 'proj4';
import type { PreviewFeature } from '../../core/api/import_job';
import { copyLine } from '../../core/db/copy_rows';
import { multiPolygonEwkbHex } from '../../core/geo/ewkb';
import { FeatureBoxes } from '../geometry/feature_boxes';
import { ringProblem } from '../geometry/ring_checks';
import { ImportError } from '../import_error';
import { checkFields, type FeatureFields, type LandUseSets, text } from './feature_fields';
import type { ParseRequest } from './parse_request';
import type { FeatureProblem, SourceFeature } from './source_feature';

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

/** A feature's geometry as staged: EWKB hex, or the raw GeoJSON of broken rings, and where it lies. */
interface StagedGeometry {
  hex: string | null;
  location: number[] | undefined;
  raw: string | null;
}

/** The COPY line of one feature, in `stageColumns` order; attributes and problems only when it has any. */
function stagingLine(
  featureNo: number,
  feature: SourceFeature,
  fields: FeatureFields,
  geometry: StagedGeometry,
  problems: FeatureProblem[],
): string {
  const v = feature.values;
  const hasProblems = problems.length > 0;
  return copyLine([
    featureNo,
    fields.commune,
    fields.sheet ?? null,
    fields.parcel ?? null,
    fields.area ?? null,
    fields.uses.codes.join(','),
    fields.uses.originals.join(','),
    text(v.holder),
    text(v.address),
    geometry.hex,
    geometry.location?.[0] ?? null,
    geometry.location?.[1] ?? null,
    hasProblems ? JSON.stringify(feature.attributes) : null,
    geometry.raw,
    hasProblems ? JSON.stringify(problems) : null,
  ]);
}

/**
 * Turns features into staging rows: maps attributes, checks rings, reprojects in the same
 * pass, locates each feature in WGS84 and refuses the file when its first features fall
 * outside the province (a wrong CRS or swapped axes).
 */
export class FeatureRows {
  private readonly toTarget: ((xy: number[]) => number[]) | undefined;
  private readonly toWgs84: (xy: number[]) => number[];
  private readonly landUses: LandUseSets;
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
    this.landUses = {
      current: new Set(request.landUse.current),
      legacy: new Map(request.landUse.legacy),
    };
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

  /** The feature's first vertex in WGS84, counted for the CRS judgement; a problem when outside the province. */
  private locate(first: number[], problems: FeatureProblem[]): number[] {
    const location = this.toWgs84([first[0] as number, first[1] as number]);
    this.located += 1;
    if (!this.checkProvince(location[0] as number, location[1] as number)) {
      this.outside += 1;
      this.firstOutside ??= [first[0] as number, first[1] as number];
      problems.push({
        severity: 'error',
        rule: 'outside_province',
        message: `first vertex ${(location[0] as number).toFixed(6)}, ${(location[1] as number).toFixed(6)} (WGS84) lies outside the province`,
      });
    }
    return location;
  }

  /**
   * The geometry as EWKB hex in the target CRS (its box kept for the overlap check), or as
   * raw GeoJSON when its rings are broken, with the feature's location; problems otherwise.
   */
  private readGeometry(
    featureNo: number,
    geometry: SourceFeature['geometry'],
    problems: FeatureProblem[],
  ): StagedGeometry {
    const staged: StagedGeometry = { hex: null, location: undefined, raw: null };
    if (geometry === null) {
      problems.push({
        severity: 'error',
        rule: 'null_geometry',
        message: 'the feature has no geometry',
      });
      return staged;
    }
    if (!Array.isArray(geometry)) {
      problems.push({
        severity: 'error',
        rule: 'not_a_polygon',
        message: `geometry is a ${geometry.unsupported}, not a polygon`,
      });
      return staged;
    }
    const first = geometry[0]?.[0]?.[0];
    if (first && Number.isFinite(first[0]) && Number.isFinite(first[1])) {
      staged.location = this.locate(first, problems);
    }
    const ringIssue = ringProblem(geometry, this.request.limits);
    if (ringIssue) {
      problems.push({ severity: 'error', rule: ringIssue.rule, message: ringIssue.message });
      staged.raw = JSON.stringify({ type: 'MultiPolygon', coordinates: geometry });
      return staged;
    }
    const project = this.toTarget;
    const projected = project
      ? geometry.map((rings) => rings.map((ring) => ring.map((xy) => project(xy))))
      : geometry;
    staged.hex = multiPolygonEwkbHex(projected, this.targetSrid);
    this.boxes.add(featureNo, projected);
    return staged;
  }

  private keepPreview(featureNo: number, commune: string | null, v: SourceFeature['values']): void {
    if (this.preview.length >= this.request.previewSize) return;
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

  /**
   * Rows wait until the first 200 located features have been judged, so a file in the
   * wrong CRS is refused before anything reaches the database.
   */
  private release(line: string): string[] {
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

  /** Staging rows ready to COPY after this feature (numbered from 1); held back until the CRS is judged. */
  add(featureNo: number, feature: SourceFeature): string[] {
    const problems = [...feature.problems];
    const fields = checkFields(
      feature.values,
      { defaultCommune: this.request.communeCode, landUses: this.landUses },
      problems,
    );
    const geometry = this.readGeometry(featureNo, feature.geometry, problems);
    this.keepPreview(featureNo, fields.commune, feature.values);
    return this.release(stagingLine(featureNo, feature, fields, geometry, problems));
  }

  /** Rows still held back (a file with fewer than 200 features), after judging the CRS. */
  finish(): string[] {
    this.judgeCrs();
    const out = this.held;
    this.held = [];
    return out;
  }
}
