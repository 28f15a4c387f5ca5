// The parcel load: for every map sheet, lay out its parcels, decide their uses, areas,
// numbers and holders, and COPY the rows a commune or a few at a time. Memory stays bounded
// by one batch (at most 150,000 parcels), whatever the number of parcels.
import type pg from 'pg';
import { chooseCertificate, HolderFactory } from './holders';
import { IdentityBlock } from './identity_block';
import { blockDominantUse, holderClass, lotUse, splitLandUses, stripUse } from './land_use';
import { type LoadedSheet, nativeSrid } from './map_sheets';
import { streetName } from './names';
import { AddressBook, certificateNumbers, legalTenths, tenthsText } from './parcel_attributes';
import { ParcelBatch } from './parcel_batch';
import { layoutSheet, ringArea, ringEwkt } from './parcel_grid';
import { fakerFor, rngFor } from './random';

/** A parcel held by a person or household, kept aside for the sample dossiers. */
export interface ParcelSample {
  parcelId: number;
  communeCode: string;
  communeName: string;
  sheetNo: number;
  parcelNo: number;
  primaryUse: string;
  partyId: number;
  certificateId: number | undefined;
}

export interface ParcelLoadResult {
  parcels: number;
  parties: number;
  certificates: number;
  rights: number;
  /** Per legacy commune code: the first parcels held by people, certified or not. */
  samples: ReadonlyMap<string, readonly ParcelSample[]>;
}

export interface ParcelLoadOptions {
  seed: number;
  sheets: readonly LoadedSheet[];
  communeIds: ReadonlyMap<string, number>;
  onProgress: (done: number, total: number) => void;
}

/** Keeps the first few certified and uncertified parcels of each commune. */
class SampleShelf {
  readonly byCommune = new Map<string, ParcelSample[]>();
  private readonly counts = new Map<string, { certified: number; uncertified: number }>();

  offer(sample: ParcelSample): void {
    const count = this.counts.get(sample.communeCode) ?? { certified: 0, uncertified: 0 };
    const certified = sample.certificateId !== undefined;
    if (certified ? count.certified >= 16 : count.uncertified >= 6) return;
    if (certified) count.certified++;
    else count.uncertified++;
    this.counts.set(sample.communeCode, count);
    const kept = this.byCommune.get(sample.communeCode) ?? [];
    kept.push(sample);
    this.byCommune.set(sample.communeCode, kept);
  }
}

interface LoadState {
  seed: number;
  sourceRef: string;
  ids: Record<'parcel' | 'version' | 'party' | 'certificate' | 'right', IdentityBlock>;
  batch: ParcelBatch;
  holders: HolderFactory;
  samples: SampleShelf;
  addressBooks: Map<string, AddressBook>;
}

/** Queues every row of the parcels of one sheet. */
function queueSheet(state: LoadState, sheet: LoadedSheet, communeId: number): void {
  const { seed, ids, batch, sourceRef } = state;
  const { commune } = sheet;
  let addresses = state.addressBooks.get(commune.code);
  if (!addresses) {
    addresses = new AddressBook(commune, rngFor(seed, 'addresses', commune.code));
    state.addressBooks.set(commune.code, addresses);
  }
  const pieces = layoutSheet({
    widthMm: (sheet.rect.x1 - sheet.rect.x0) * 1000,
    heightMm: (sheet.rect.y1 - sheet.rect.y0) * 1000,
    parcels: sheet.parcels,
    urban: commune.urban,
    rng: rngFor(seed, 'sheet', commune.code, sheet.sheetNo),
  });
  const rng = rngFor(seed, 'parcels', commune.code, sheet.sheetNo);
  const blocks = new Map<number, { use: string; street: string }>();
  const oldSheets = Math.max(3, Math.ceil((commune.sheetColumns * commune.sheetRows) / 2));
  const valid = `["${sheet.surveyDate} 00:00:00+07",)`;
  pieces.forEach((piece, index) => {
    let block = blocks.get(piece.block);
    if (!block) {
      block = { use: blockDominantUse(commune.urban, rng), street: streetName(rng) };
      blocks.set(piece.block, block);
    }
    const code = piece.strip
      ? stripUse(piece.strip)
      : lotUse(commune.urban, piece.frontage, block.use, rng);
    const parcelNo = index + 1;
    const certificate = chooseCertificate(code, piece.strip !== undefined, rng);
    const legal = legalTenths(ringArea(piece.ring), certificate, rng);
    const landAddress = addresses.forSheet(sheet.sheetNo, piece.frontage, block.street);
    const parcelId = ids.parcel.next();
    const versionId = ids.version.next();
    batch.add('parcel', [parcelId]);
    batch.add('version', [
      versionId,
      parcelId,
      1,
      'committed',
      valid,
      communeId,
      sheet.sheetNo,
      parcelNo,
      sheet.id,
      ...certificateNumbers(certificate, sheet.sheetNo, parcelNo, oldSheets, rng),
      nativeSrid,
      ringEwkt(piece.ring, sheet.rect.x0 * 1000, sheet.rect.y0 * 1000, nativeSrid),
      tenthsText(legal),
      landAddress,
      'demo',
      sourceRef,
    ]);
    splitLandUses(code, legal, rng).forEach((use, seq) => {
      batch.add('landUse', [versionId, seq + 1, use.code, tenthsText(use.tenths)]);
    });
    const held = state.holders.hold({
      parcelId,
      commune,
      primaryUse: code,
      landAddress,
      validFrom: sheet.surveyDate,
      certificate,
    });
    if (
      !piece.strip &&
      holderClass(code) === 'private' &&
      (held.partyKind === 'person' || held.partyKind === 'household')
    ) {
      state.samples.offer({
        parcelId,
        communeCode: commune.code,
        communeName: commune.name,
        sheetNo: sheet.sheetNo,
        parcelNo,
        primaryUse: code,
        partyId: held.partyId,
        certificateId: held.certificateId,
      });
    }
  });
}

/** Loads every parcel of every sheet; the caller's transaction holds it all. */
export async function loadParcels(
  client: pg.ClientBase,
  options: ParcelLoadOptions,
): Promise<ParcelLoadResult> {
  const { seed, sheets } = options;
  const total = sheets.reduce((sum, sheet) => sum + sheet.parcels, 0);
  const batchSize = Math.min(20_000, Math.max(2_000, Math.round(total / 20)));
  const memoryCap = 150_000;
  const ids = {
    parcel: await IdentityBlock.claim(client, 'cadastre.parcel'),
    version: await IdentityBlock.claim(client, 'cadastre.parcel_version'),
    party: await IdentityBlock.claim(client, 'registry.party'),
    certificate: await IdentityBlock.claim(client, 'registry.certificate'),
    right: await IdentityBlock.claim(client, 'registry.parcel_right'),
  };
  const batch = new ParcelBatch();
  const sourceRef = `demo-seed-${seed}`;
  const state: LoadState = {
    seed,
    sourceRef,
    ids,
    batch,
    holders: new HolderFactory(
      fakerFor(seed, 'holders'),
      rngFor(seed, 'holders'),
      ids,
      batch,
      sourceRef,
    ),
    samples: new SampleShelf(),
    addressBooks: new Map(),
  };
  let queued = 0;
  options.onProgress(0, total);
  for (const [index, sheet] of sheets.entries()) {
    const communeId = options.communeIds.get(sheet.commune.code);
    if (communeId === undefined) throw new Error(`commune ${sheet.commune.code} was not loaded`);
    queueSheet(state, sheet, communeId);
    queued += sheet.parcels;
    options.onProgress(queued, total);
    // Batches end with a commune, so each commune's versions come in one COPY statement and
    // statement triggers on parcel_version (tile dirty marks) see every commune once; only
    // a commune bigger than the memory cap is split.
    const communeEnds = sheets[index + 1]?.commune.code !== sheet.commune.code;
    if ((communeEnds && batch.pendingParcels >= batchSize) || batch.pendingParcels >= memoryCap) {
      await batch.flush(client);
    }
  }
  await batch.flush(client);
  options.onProgress(total, total);
  for (const block of Object.values(ids)) await block.release(client);
  return {
    parcels: batch.total('parcel'),
    parties: batch.total('party'),
    certificates: batch.total('certificate'),
    rights: batch.total('right'),
    samples: state.samples.byCommune,
  };
}
