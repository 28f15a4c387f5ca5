// Who holds each demo parcel: its land-use rights (one holder, or two sharing half each)
// and its certificate, queued as COPY rows.
import type { Faker } from '@faker-js/faker';
import { addDays, randomDate } from './calendar';
import type { IdentityBlock } from './identity_block';
import { holderClass, isResidential } from './land_use';
import { lowerFirst } from './names';
import type { ParcelBatch } from './parcel_batch';
import { PartyFactory, type PartyKind, type PartyPlace, type PartyRef } from './parties';
import type { Rng } from './random';

/** How a parcel's certificate came about. */
export type CertificateKind = 'none' | 'current' | 'old';

export interface HolderIds {
  party: IdentityBlock;
  certificate: IdentityBlock;
  right: IdentityBlock;
}

export interface Holding extends PartyPlace {
  parcelId: number;
  /** Start of the parcel's version: the survey date of its sheet. */
  validFrom: string;
  certificate: CertificateKind;
}

/** The first holder of a parcel and its certificate (for the sample dossiers). */
export interface HoldingResult {
  partyId: number;
  partyKind: PartyKind;
  certificateId: number | undefined;
}

const lastIssueDate = '2024-12-31';

/** Decides whether a parcel has a certificate, and whether it predates the current survey. */
export function chooseCertificate(primaryUse: string, isStrip: boolean, rng: Rng): CertificateKind {
  if (isStrip) return 'none';
  const rate = holderClass(primaryUse) === 'private' ? 0.8 : 0.5;
  if (!rng.chance(rate)) return 'none';
  return rng.chance(0.3) ? 'old' : 'current';
}

/** Writes the party, certificate and right rows of each parcel into a batch. */
export class HolderFactory {
  private readonly parties: PartyFactory;
  private readonly certificatesPerYear = new Map<number, number>();
  private readonly registerNumbers = new Map<string, number>();
  private readonly certificateOffset: number;

  constructor(
    faker: Faker,
    private readonly rng: Rng,
    private readonly ids: HolderIds,
    private readonly batch: ParcelBatch,
    private readonly sourceRef: string,
  ) {
    this.parties = new PartyFactory(faker, rng, ids.party, batch);
    this.certificateOffset = rng.int(0, 999_999);
  }

  /** Queues the holder rows of one parcel. */
  hold(holding: Holding): HoldingResult {
    const kind = holderClass(holding.primaryUse);
    const certificateId = this.certificate(holding, kind);
    const useTerm = this.useTerm(holding);
    const holders: [PartyRef, number][] = [];
    if (kind === 'state') {
      holders.push([this.parties.publicParty(holding.commune, 'state'), 1]);
    } else if (kind === 'institution') {
      holders.push([this.parties.publicParty(holding.commune, holding.primaryUse), 1]);
    } else if (this.rng.chance(0.12)) {
      holders.push(
        [this.parties.newPerson(holding, 'person'), 0.5],
        [this.parties.newPerson(holding, 'person'), 0.5],
      );
    } else {
      holders.push([this.parties.privateParty(holding), 1]);
    }
    const valid = `["${holding.validFrom} 00:00:00+07",)`;
    for (const [party, share] of holders) {
      this.batch.add('right', [
        this.ids.right.next(),
        holding.parcelId,
        party.id,
        'land_use',
        share,
        useTerm,
        certificateId,
        valid,
        'demo',
        this.sourceRef,
      ]);
    }
    const first = holders[0]?.[0] ?? { id: 0, kind: 'state' };
    return { partyId: first.id, partyKind: first.kind, certificateId };
  }

  private useTerm(holding: Holding): string {
    if (isResidential(holding.primaryUse) || holderClass(holding.primaryUse) !== 'private') {
      return 'Lâu dài';
    }
    const [year, month, day] = addDays(holding.validFrom, 50 * 365 + 12).split('-');
    return `Đến ngày ${day}/${month}/${year}`;
  }

  private certificate(holding: Holding, kind: ReturnType<typeof holderClass>): number | undefined {
    if (holding.certificate === 'none') return undefined;
    const issuedOn =
      holding.certificate === 'old'
        ? randomDate(this.rng, '1995-01-01', addDays(holding.validFrom, -365))
        : randomDate(this.rng, addDays(holding.validFrom, 60), lastIssueDate);
    const year = Number(issuedOn.slice(0, 4));
    const count = this.certificatesPerYear.get(year) ?? 0;
    if (count >= 1_000_000) throw new Error(`more than a million demo certificates in ${year}`);
    this.certificatesPerYear.set(year, count + 1);
    // Illustrative series letters: one pair per year of issue (1995 AA, 1996 AB, ...).
    const index = year - 1995;
    const series = String.fromCharCode(65 + Math.floor(index / 26), 65 + (index % 26));
    const number = (count * 738_731 + this.certificateOffset + year * 104_729) % 1_000_000;
    const register = (this.registerNumbers.get(holding.commune.code) ?? 0) + 1;
    this.registerNumbers.set(holding.commune.code, register);
    const issuingBody =
      kind === 'private' && year < 2015
        ? `UBND ${lowerFirst(holding.commune.district.name)}`
        : 'Sở Tài nguyên và Môi trường tỉnh Sóc Trăng';
    const id = this.ids.certificate.next();
    this.batch.add('certificate', [
      id,
      `${series} ${String(number).padStart(6, '0')}`,
      `CS${String(register).padStart(5, '0')}`,
      issuedOn,
      issuingBody,
    ]);
    return id;
  }
}
