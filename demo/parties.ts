// Parties of the demo registry: people and households with Vietnamese names and CCCD
// numbers, companies, and the commune People's Committee, schools and health stations
// that hold public land. Rows are queued in the parcel batch.
import type { Faker } from '@faker-js/faker';
import type { IdentityBlock } from './identity_block';
import { lowerFirst, personName } from './names';
import type { ParcelBatch } from './parcel_batch';
import type { LegacyCommunePlan } from './province_layout';
import type { Rng } from './random';

export type PartyKind = 'person' | 'household' | 'organisation' | 'state';

export interface PartyRef {
  id: number;
  kind: PartyKind;
}

/** Where the land lies: the holder usually lives there too. */
export interface PartyPlace {
  commune: LegacyCommunePlan;
  /** Hamlet or neighbourhood, e.g. "Ấp Hòa Mỹ" or "Khóm 3". */
  landAddress: string;
  primaryUse: string;
}

const birthProvinces = [
  ['094', 0.8],
  ['092', 0.08],
  ['093', 0.05],
  ['084', 0.04],
  ['079', 0.03],
] as const;
const mobilePrefixes = [
  '090',
  '091',
  '093',
  '094',
  '096',
  '097',
  '098',
  '033',
  '035',
  '039',
  '070',
  '079',
  '083',
];
const companyTrades = ['Thương mại', 'Xây dựng', 'Nông sản', 'Thủy sản', 'Dịch vụ', 'Lúa gạo'];
const companyWords = ['Phát', 'Thịnh', 'Lợi', 'Hưng', 'Tín', 'Thành', 'Phúc'];
/** Recent holders of a commune that may hold another parcel there. */
const reusePool = 64;

/** Makes parties and queues their rows. */
export class PartyFactory {
  private readonly publicParties = new Map<string, PartyRef>();
  private readonly recentParties = new Map<string, PartyRef[]>();
  private personCount = 0;
  private companyCount = 0;
  private readonly offsets: { person: number; company: number };

  constructor(
    private readonly faker: Faker,
    private readonly rng: Rng,
    private readonly ids: IdentityBlock,
    private readonly batch: ParcelBatch,
  ) {
    this.offsets = { person: rng.int(0, 999_999), company: rng.int(0, 99_999_999) };
  }

  private address(holding: PartyPlace): string {
    const { commune } = holding;
    return `${holding.landAddress}, ${lowerFirst(commune.name)}, ${lowerFirst(commune.district.name)}, tỉnh Sóc Trăng`;
  }

  /**
   * The public holder of a commune: its People's Committee ('state'), or for DGD / DYT land
   * its primary school or health station.
   */
  publicParty(commune: LegacyCommunePlan, role: string): PartyRef {
    const key = `${commune.code}/${role}`;
    const known = this.publicParties.get(key);
    if (known !== undefined) return known;
    const where = lowerFirst(commune.name);
    const [kind, name]: [PartyKind, string] =
      role === 'DGD'
        ? ['organisation', `Trường Tiểu học ${where}`]
        : role === 'DYT'
          ? ['organisation', `Trạm Y tế ${where}`]
          : ['state', `UBND ${where}`];
    const party = { id: this.ids.next(), kind };
    const address = `${commune.name}, ${lowerFirst(commune.district.name)}, tỉnh Sóc Trăng`;
    this.batch.add('party', [party.id, kind, name, null, null, null, address, null]);
    this.publicParties.set(key, party);
    return party;
  }

  /** A new household, person or company, or now and then one that already holds land nearby. */
  privateParty(holding: PartyPlace): PartyRef {
    const recent = this.recentParties.get(holding.commune.code) ?? [];
    if (recent.length > 8 && this.rng.chance(0.15)) return this.rng.pick(recent);
    const kind = this.rng.weighted<'person' | 'household' | 'organisation'>([
      ['household', 0.45],
      ['person', 0.5],
      ['organisation', holding.primaryUse === 'TMD' || holding.primaryUse === 'SKC' ? 0.6 : 0.02],
    ]);
    const party =
      kind === 'organisation' ? this.newCompany(holding) : this.newPerson(holding, kind);
    recent.push(party);
    if (recent.length > reusePool) recent.shift();
    this.recentParties.set(holding.commune.code, recent);
    return party;
  }

  /** A new person or household living where the land is. */
  newPerson(holding: PartyPlace, kind: 'person' | 'household'): PartyRef {
    const { fullName, female: namedFemale } = personName(
      this.faker,
      this.rng,
      kind === 'household',
    );
    const female = namedFemale ?? this.rng.chance(0.5);
    const birthYear = kind === 'household' ? this.rng.int(1935, 1985) : this.rng.int(1940, 2004);
    const century = birthYear >= 2000 ? 2 : 0;
    const serial = (this.personCount++ * 738_731 + this.offsets.person) % 1_000_000;
    const idNumber = `${this.rng.weighted(birthProvinces)}${century + (female ? 1 : 0)}${String(birthYear % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
    const name = kind === 'household' ? `Hộ ${female ? 'bà' : 'ông'} ${fullName}` : fullName;
    const phone = this.rng.chance(0.6)
      ? `${this.rng.pick(mobilePrefixes)}${String(this.rng.int(0, 9_999_999)).padStart(7, '0')}`
      : null;
    const id = this.ids.next();
    this.batch.add('party', [
      id,
      kind,
      name,
      birthYear,
      'cccd',
      idNumber,
      this.address(holding),
      phone,
    ]);
    return { id, kind };
  }

  private newCompany(holding: PartyPlace): PartyRef {
    const name = `Công ty TNHH ${this.rng.pick(companyTrades)} ${this.faker.person.lastName()} ${this.rng.pick(companyWords)}`;
    const code = `22${String((this.companyCount++ * 73_873_171 + this.offsets.company) % 100_000_000).padStart(8, '0')}`;
    const id = this.ids.next();
    this.batch.add('party', [
      id,
      'organisation',
      name,
      null,
      'business_registration',
      code,
      this.address(holding),
      null,
    ]);
    return { id, kind: 'organisation' };
  }
}
