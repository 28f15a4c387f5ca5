import { ImportError } from '../import_error';
import { targetSridFor } from './dataset_crs';
import { FeatureRows } from './feature_rows';
import { openGeoJson } from './geojson_features';
import type { ParseMessage, ParseRequest } from './parse_request';
import { RowBatches } from './row_batches';
import { openShapefile } from './shapefile_features';

/**
 * Reads a dataset and reports through `post`: first the metadata (CRS, encoding, field
 * map, a preview of decoded features), then staging rows in chunks, then done. In preview
 * mode it stops after the metadata. Runs in the parse worker; plain function for tests.
 */
export function parseDataset(request: ParseRequest, post: (message: ParseMessage) => void): void {
  try {
    const dataset = request.kind === 'shapefile' ? openShapefile(request) : openGeoJson(request);
    const targetSrid = targetSridFor(request, dataset.sourceSrid);
    const rows = new FeatureRows(request, dataset.sourceSrid, targetSrid);
    const meta = {
      kind: request.kind,
      sourceSrid: dataset.sourceSrid,
      crsVia: dataset.crsVia,
      targetSrid,
      encoding: dataset.encoding,
      encodingScores: dataset.encodingScores,
      features: dataset.count,
      attributes: dataset.attributes,
      fieldMap: dataset.fieldMap,
    };
    const batches = new RowBatches(post);
    let featureNo = 0;
    for (const feature of dataset.features()) {
      featureNo += 1;
      const ready = rows.add(featureNo, feature);
      if (request.mode === 'preview') {
        if (featureNo >= request.previewSize) break;
        continue;
      }
      if (featureNo === 1) post({ type: 'meta', meta: { ...meta, preview: rows.preview } });
      batches.add(ready);
    }
    if (request.mode === 'preview') {
      post({ type: 'meta', meta: { ...meta, preview: rows.preview } });
      post({
        type: 'done',
        features: featureNo,
        boxes: { ids: [], bounds: [] },
        overlapCandidates: { first: [], second: [] },
      });
      return;
    }
    if (featureNo === 0) post({ type: 'meta', meta: { ...meta, preview: [] } });
    batches.add(rows.finish());
    batches.flush();
    post({
      type: 'done',
      features: batches.posted,
      boxes: rows.boxes.toList(),
      overlapCandidates: rows.boxes.overlappingPairs(request.overlapToleranceM2),
    });
  } catch (error) {
    if (error instanceof ImportError) {
      post({
        type: 'failed',
        code: error.reason,
        message: error.message,
        ...(error.file ? { file: error.file } : {}),
        ...(error.record ? { record: error.record } : {}),
      });
    } else {
      post({ type: 'failed', code: 'internal', message: (error as Error).message });
    }
  }
}
