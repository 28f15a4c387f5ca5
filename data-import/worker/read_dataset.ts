import { ImportError } from '../import_error';
import { datasetParts } from '../source/import_source';
import { parseDataset } from './parse_dataset';
import type { ParseMessage, ReadRequest } from './parse_request';

const asBuffer = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.length);

/**
 * The read worker's whole job: unpacks the upload (zip entries checked, sizes bounded),
 * picks the dataset, then parses it as `parseDataset` does, reporting through `post`.
 * A refusal of the upload itself is posted as `failed` like a parse refusal.
 */
export async function readDataset(
  request: ReadRequest,
  post: (message: ParseMessage) => void,
): Promise<void> {
  const { source, zipLimits, ...settings } = request;
  let dataset: Awaited<ReturnType<typeof datasetParts>>;
  try {
    const files = source.files.map(([name, data]) => ({ name, data: asBuffer(data) }));
    dataset = await datasetParts({ name: source.name, files }, zipLimits);
  } catch (error) {
    const refusal = error instanceof ImportError;
    post({
      type: 'failed',
      code: refusal ? error.reason : 'internal',
      message: (error as Error).message,
      ...(refusal && error.file ? { file: error.file } : {}),
    });
    return;
  }
  parseDataset(
    {
      ...settings,
      kind: dataset.kind,
      name: dataset.name,
      parts: [...dataset.parts].map(([extension, data]) => [
        extension,
        new Uint8Array(data.buffer, data.byteOffset, data.length),
      ]),
    },
    post,
  );
}
