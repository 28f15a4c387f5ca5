import { type FieldMap, parcelFields } from '../../core/api/import_job';
import { ImportError } from '../import_error';
import { type DbfField, type DbfTable, readDbf } from '../shapefile/dbf_table';
import { countShpRecords, shpRecords } from '../shapefile/shp_records';
import {
  decodeText,
  encodingFromCpg,
  guessEncoding,
  type TextEncoding,
} from '../text/text_encoding';
import { datasetCrs } from './dataset_crs';
import { settleFieldMap } from './dataset_fields';
import type { ParseRequest } from './parse_request';
import type { SourceFeature } from './source_feature';

/** A shapefile opened for reading: its CRS, encoding, fields and features. */
export interface OpenedDataset {
  sourceSrid: number;
  crsVia: string;
  encoding: string;
  encodingScores: Record<string, number> | undefined;
  count: number;
  attributes: string[];
  fieldMap: FieldMap;
  features(): Generator<SourceFeature>;
}

function chooseEncoding(
  request: ParseRequest,
  dbf: DbfTable,
  cpg: string | undefined,
): { encoding: TextEncoding; scores?: Record<string, number> } {
  if (request.encoding) return { encoding: request.encoding };
  if (cpg !== undefined) {
    const named = encodingFromCpg(cpg);
    if (!named) {
      throw new ImportError(
        'encoding_unknown',
        `${request.name}: the .cpg names "${cpg.trim()}", an encoding diagis does not know; choose one of utf-8, tcvn3, vni-windows, cp1258`,
        request.name,
      );
    }
    return { encoding: named };
  }
  const textFields = dbf.fields.filter((field) => field.type === 'C');
  const samples: Uint8Array[] = [];
  for (let record = 0; record < Math.min(dbf.recordCount, 5000); record++) {
    for (const field of textFields) samples.push(dbf.raw(record, field));
  }
  const guess = guessEncoding(samples);
  if (!guess.encoding) {
    const scores = Object.entries(guess.scores)
      .map(([name, score]) => `${name} ${Math.round(score * 100)}%`)
      .join(', ');
    throw new ImportError(
      'encoding_unknown',
      `${request.name}: the text encoding cannot be told (${scores} of names read cleanly); choose one`,
      request.name,
    );
  }
  return { encoding: guess.encoding, scores: guess.scores };
}

function fieldValue(
  dbf: DbfTable,
  record: number,
  field: DbfField,
  encoding: TextEncoding,
): string | number | null {
  const raw = dbf.raw(record, field);
  if (raw.length === 0) return null;
  if (field.type === 'N' || field.type === 'F') {
    const number = Number(raw.toString('latin1'));
    return Number.isFinite(number) ? number : raw.toString('latin1');
  }
  if (field.type !== 'C') return raw.toString('latin1');
  return decodeText(raw, encoding);
}

/** The .shp and .dbf of a shapefile, read, with the shape count checked against the limit. */
function readShapefileParts(request: ParseRequest, parts: Map<string, Uint8Array>) {
  const shp = parts.get('shp');
  const dbfBytes = parts.get('dbf');
  if (!shp || !dbfBytes)
    throw new ImportError(
      'file_missing',
      `${request.name}: the .shp or the .dbf is missing`,
      request.name,
    );
  const shpBuffer = Buffer.from(shp.buffer, shp.byteOffset, shp.byteLength);
  const dbf = readDbf(
    Buffer.from(dbfBytes.buffer, dbfBytes.byteOffset, dbfBytes.byteLength),
    request.name.replace(/\.shp$/i, '.dbf'),
  );
  const shapes = countShpRecords(shpBuffer);
  if (shapes > request.limits.maxFeatures) {
    throw new ImportError(
      'file_too_large',
      `${request.name} has ${shapes} features, the limit is ${request.limits.maxFeatures}`,
      request.name,
    );
  }
  return { shpBuffer, dbf, shapes };
}

/** The attributes of one .dbf record, decoded; a field that does not decode is a problem. */
function recordAttributes(
  dbf: DbfTable,
  record: number,
  encoding: TextEncoding,
  problems: SourceFeature['problems'],
): Record<string, string | number | null> {
  const attributes: Record<string, string | number | null> = {};
  for (const field of dbf.fields) {
    try {
      attributes[field.name] = fieldValue(dbf, record, field, encoding);
    } catch {
      attributes[field.name] = null;
      problems.push({
        severity: 'error',
        rule: 'garbled_text',
        message: `${field.name}: bytes are not valid ${encoding}`,
      });
    }
  }
  return attributes;
}

/** The features of a shapefile whose parts were read: shapes and records in step. */
function* shapefileFeatures(
  request: ParseRequest,
  read: ReturnType<typeof readShapefileParts>,
  encoding: TextEncoding,
  map: FieldMap,
): Generator<SourceFeature> {
  const { shpBuffer, dbf, shapes } = read;
  // Checked here rather than at open so a preview still shows the decoded names.
  if (shapes !== dbf.recordCount) {
    throw new ImportError(
      'file_inconsistent',
      `${request.name} has ${shapes} shapes but its .dbf has ${dbf.recordCount} records: the files do not belong together or one is damaged`,
      request.name,
    );
  }
  const byName = new Map(dbf.fields.map((field) => [field.name, field]));
  let record = 0;
  for (const shape of shpRecords(shpBuffer, request.name)) {
    const problems: SourceFeature['problems'] = [];
    const attributes = recordAttributes(dbf, record, encoding, problems);
    const values: SourceFeature['values'] = {};
    for (const target of parcelFields) {
      const source = map[target];
      if (source && byName.has(source)) values[target] = attributes[source] ?? null;
    }
    if (dbf.deleted(record))
      problems.push({
        severity: 'error',
        rule: 'deleted_record',
        message: 'the .dbf record is marked deleted',
      });
    record += 1;
    yield {
      values,
      attributes,
      geometry:
        shape.kind === 'null'
          ? null
          : shape.kind === 'polygon'
            ? shape.polygons
            : { unsupported: `shape type ${shape.shapeType}` },
      problems,
    };
  }
}

/** Opens the parts of a shapefile: checks they agree, and settles CRS, encoding and fields. */
export function openShapefile(request: ParseRequest): OpenedDataset {
  const parts = new Map(request.parts);
  const read = readShapefileParts(request, parts);
  const prj = parts.get('prj');
  const crs = datasetCrs(
    request,
    prj ? Buffer.from(prj).toString('latin1') : undefined,
    '.prj file',
  );
  const cpg = parts.get('cpg');
  const { encoding, scores } = chooseEncoding(
    request,
    read.dbf,
    cpg ? Buffer.from(cpg).toString('latin1') : undefined,
  );
  const attributes = read.dbf.fields.map((field) => field.name);
  const map = settleFieldMap(request, attributes, { noun: 'attribute', listAttributes: true });
  return {
    sourceSrid: crs.srid,
    crsVia: crs.via,
    encoding,
    encodingScores: scores,
    count: read.shapes,
    attributes,
    fieldMap: map,
    features: () => shapefileFeatures(request, read, encoding, map),
  };
}
