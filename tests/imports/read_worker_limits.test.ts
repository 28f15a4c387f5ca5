import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../data-import/import_error';
import { readZipEntries } from '../../data-import/source/zip_entries';
import type { ReadRequest } from '../../data-import/worker/parse_request';
import { runParse } from '../../data-import/worker/run_parse';

/** A zip of one deflated entry whose central directory declares `declaredSize` unpacked bytes. */
function zipDeclaring(name: string, data: Buffer, declaredSize: number): Buffer {
  const fileName = Buffer.from(name);
  const packed = deflateRawSync(data);
  const crc = crc32(data);
  const local = Buffer.alloc(30 + fileName.length);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(declaredSize, 22);
  local.writeUInt16LE(fileName.length, 26);
  fileName.copy(local, 30);
  const central = Buffer.alloc(46 + fileName.length);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(declaredSize, 24);
  central.writeUInt16LE(fileName.length, 28);
  fileName.copy(central, 46);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(local.length + packed.length, 16);
  return Buffer.concat([local, packed, central, end]);
}

describe('zip limits', () => {
  const data = Buffer.alloc(4 * 1_048_576, 'x');
  const limits = { maxBytes: 8 * 1_048_576, maxEntries: 4 };

  it('unpacks an entry whose size is declared truthfully', async () => {
    const files = await readZipEntries(
      { name: 'ok.zip', data: zipDeclaring('parcels.geojson', data, data.length) },
      limits,
    );
    expect(files.map((file) => [file.name, file.data.length])).toEqual([
      ['parcels.geojson', data.length],
    ]);
  });

  it('refuses an entry that inflates beyond its declared size (file_invalid), not a 500', async () => {
    const liar = { name: 'liar.zip', data: zipDeclaring('parcels.geojson', data, 1000) };
    const refusal = await readZipEntries(liar, limits).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ImportError);
    expect(refusal).toMatchObject({
      reason: 'file_invalid',
      message: expect.stringMatching(
        /^liar\.zip: entry "parcels\.geojson" cannot be unpacked \(too many bytes in the stream.*\); the zip is refused$/,
      ),
    });
  });

  it('refuses a zip that declares more than the limit before unpacking it (file_too_large)', async () => {
    const big = { name: 'big.zip', data: zipDeclaring('parcels.geojson', data, 9 * 1_048_576) };
    await expect(readZipEntries(big, limits)).rejects.toMatchObject({
      reason: 'file_too_large',
      message: `big.zip unpacks to more than ${limits.maxBytes} bytes`,
    });
  });
});

describe('the read worker', () => {
  /** A request for `files` with the importer's defaults and an empty catalogue. */
  const request = (files: [string, Uint8Array][]): ReadRequest => ({
    source: { name: 'bomb.zip', files },
    zipLimits: { maxBytes: 256 * 1_048_576, maxEntries: 64 },
    mode: 'parse',
    sourceSrid: undefined,
    encoding: undefined,
    fieldMap: {},
    communeCode: '39951',
    defaultTargetSrid: 9209,
    zones: [],
    proj4: {},
    provinceBbox: [105.0, 9.0, 106.6, 10.6],
    landUse: { current: [], legacy: [] },
    limits: {
      maxVertices: 100_000,
      maxRings: 1_000,
      maxFeatures: 2_000_000,
      maxDepth: 32,
      maxBytes: 256 * 1_048_576,
    },
    previewSize: 10,
    overlapToleranceM2: 1,
  });

  it('is stopped when it runs out of its heap: file_too_large naming the limit, and this process goes on', async () => {
    // 12 MB of [0,0] vertices parse into ~130 MB of small arrays; the worker gets 64 MB.
    const head =
      '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[';
    const text = Buffer.from(`${head}${'[0,0],'.repeat(2_000_000)}[0,0]]]}}]}`);
    const zip = zipDeclaring('parcels.geojson', text, text.length);
    const handlers = { onMeta: () => {}, onRows: () => {} };
    const refusal = await runParse(request([['bomb.zip', zip]]), 60_000, handlers, 64).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ImportError);
    expect(refusal).toMatchObject({
      reason: 'file_too_large',
      message:
        'bomb.zip: reading it needs more than the 64 MB of memory allowed for an import of at most 256 MB; the reader was stopped',
    });
  }, 90_000);

  it('refuses, before parsing, a GeoJSON whose parse would need more than its heap', async () => {
    // 60 MB of [0,0] vertices: about 10 bytes of heap per byte of text, where the reader
    // of a 64 MB import may use 640 MB.
    const limit = 64 * 1_048_576;
    const head =
      '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[';
    const text = Buffer.from(`${head}${'[0,0],'.repeat(10_000_000)}[0,0]]]}}]}`);
    const dense = request([['dense.geojson', text]]);
    dense.zipLimits.maxBytes = limit;
    dense.limits.maxBytes = limit;
    const handlers = { onMeta: () => {}, onRows: () => {} };
    const started = performance.now();
    await expect(runParse(dense, 60_000, handlers)).rejects.toMatchObject({
      reason: 'file_too_large',
      message: expect.stringMatching(
        /^dense\.geojson: reading it needs about \d+ MB of memory, more than the 640 MB allowed for an import of at most 64 MB$/,
      ),
    });
    // Judged from the bytes, not by filling the heap first.
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 30_000);
});
