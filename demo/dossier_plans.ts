// Sample registration dossiers, planned without the database: 3-5 per land registration
// office, received in October-November 2026, in various states, with due dates counted in
// working days and the events that brought each one to its state. Pure, apart from the
// receipt codes, which come from a cryptographic random source like the API's.
import { newReceiptCode } from '../core/dossiers/receipt_code';
import { addWorkingDays, isWorkingDay, randomDate } from './calendar';
import type { ParcelSample } from './parcels';
import type { Rng } from './random';

export interface ProcedureInfo {
  nameVi: string;
  limitWorkingDays: number;
  involvesTax: boolean;
}

export interface DossierOffice {
  code: string;
  /** The officer who handles its dossiers; none means dossiers wait to be assigned. */
  officer: string | null;
  /** Current communes it receives dossiers for. */
  communes: readonly string[];
}

export type DossierState =
  | 'received'
  | 'assigned'
  | 'in_progress'
  | 'at_tax'
  | 'awaiting_payment'
  | 'approved'
  | 'returned';

export interface EventPlan {
  at: string;
  actor: string | null;
  kind: string;
  fromState: DossierState | null;
  toState: DossierState;
  fromOffice: string | null;
  toOffice: string | null;
  note: string | null;
}

export interface DossierPlan {
  receiptCode: string;
  procedure: string;
  state: DossierState;
  channel: 'one_stop_centre' | 'national_portal' | 'post';
  office: string;
  currentOffice: string;
  /** Current commune code. */
  commune: string;
  parcels: readonly ParcelSample[];
  assignedUser: string | null;
  receivedAt: string;
  dueAt: string;
  completedAt: string | null;
  pausedSince: string | null;
  summary: string;
  events: readonly EventPlan[];
}

const procedures = [
  'transfer',
  'first_registration',
  'split_merge',
  'inheritance',
  'correction',
  'certificate_replacement',
  'gift',
  'mortgage_registration',
] as const;
const states: readonly DossierState[] = [
  'received',
  'assigned',
  'in_progress',
  'at_tax',
  'approved',
  'returned',
];
const eventNotes: Readonly<Record<string, string>> = {
  sent_to_tax: 'Chuyển thông tin địa chính để xác định nghĩa vụ tài chính',
  tax_notice_recorded: 'Cơ quan thuế đã ban hành thông báo nộp nghĩa vụ tài chính',
  tax_payment_recorded: 'Người sử dụng đất đã hoàn thành nghĩa vụ tài chính',
  returned: 'Đã trả kết quả cho người nộp hồ sơ',
};
export const taxOffice = 'THUE';

function clock(rng: Rng, fromHour: number, toHour: number): string {
  const minutes = rng.int(fromHour * 60, toHour * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+07`;
}

/** The working day after `date`, at a random office hour. */
function nextStep(date: string, holidays: ReadonlySet<string>, rng: Rng): [string, string] {
  const day = addWorkingDays(date, 1, holidays);
  return [day, `${day} ${clock(rng, 8, 16)}`];
}

function receptionDay(rng: Rng, holidays: ReadonlySet<string>): string {
  for (;;) {
    const day = randomDate(rng, '2026-10-01', '2026-11-27');
    if (isWorkingDay(day, holidays)) return day;
  }
}

/**
 * The parcels a dossier concerns: an uncertified one for a first registration, else a
 * certified one; a merge takes it and its neighbour (next number on the same sheet).
 */
function chooseParcels(
  rng: Rng,
  procedure: string,
  samples: readonly ParcelSample[],
): ParcelSample[] {
  const wanted = samples.filter(
    (s) => (procedure === 'first_registration') === (s.certificateId === undefined),
  );
  const first = wanted[rng.int(0, wanted.length - 1)];
  if (!first) return [];
  const neighbour = wanted.find(
    (s) =>
      s.communeCode === first.communeCode &&
      s.sheetNo === first.sheetNo &&
      s.parcelNo === first.parcelNo + 1,
  );
  return procedure === 'split_merge' && neighbour && rng.chance(0.5) ? [first, neighbour] : [first];
}

/**
 * The state of the dossier numbered `serial` across all offices: states follow in turn, so
 * a dozen dossiers show every one; an office without officers only has new dossiers.
 */
function stateFor(office: DossierOffice, serial: number): DossierState {
  if (office.officer === null) return 'received';
  return states[serial % states.length] ?? 'received';
}

interface Timeline {
  events: EventPlan[];
  /** When the clock stopped (sent to the tax authority and not back yet). */
  pausedSince: string | null;
  /** Time of the last event. */
  lastAt: string;
}

/** The events from reception to `state`, one working day apart. */
function timeline(
  rng: Rng,
  office: DossierOffice,
  involvesTax: boolean,
  state: DossierState,
  receivedDay: string,
  receivedAt: string,
  holidays: ReadonlySet<string>,
): Timeline {
  const events: EventPlan[] = [];
  const step = (
    kind: string,
    from: DossierState | null,
    to: DossierState,
    at: string,
    offices?: [string, string],
  ) =>
    events.push({
      at,
      actor: kind === 'received' ? null : office.officer,
      kind,
      fromState: from,
      toState: to,
      fromOffice: offices?.[0] ?? null,
      toOffice: offices?.[1] ?? null,
      note: eventNotes[kind] ?? null,
    });
  step('received', null, 'received', receivedAt);
  const path = states
    .slice(1, states.indexOf(state) + 1)
    .filter((s) => s !== 'at_tax' || involvesTax);
  let day = receivedDay;
  let at = receivedAt;
  let previous: DossierState = 'received';
  let pausedSince: string | null = null;
  for (const next of path) {
    [day, at] = nextStep(day, holidays, rng);
    if (next !== 'at_tax') {
      step(next === 'in_progress' ? 'started' : next, previous, next, at);
      previous = next;
      continue;
    }
    step('sent_to_tax', previous, 'at_tax', at, [office.code, taxOffice]);
    previous = 'at_tax';
    pausedSince = at;
    if (state !== 'at_tax') {
      [day, at] = nextStep(day, holidays, rng);
      // The notice and the citizen's payment (the clock paused until it is recorded);
      // demo/dossiers.ts stores the notice and payment these events name.
      step('tax_notice_recorded', 'at_tax', 'awaiting_payment', at, [taxOffice, office.code]);
      step('tax_payment_recorded', 'awaiting_payment', 'in_progress', at, [
        office.code,
        office.code,
      ]);
      previous = 'in_progress';
      pausedSince = null;
    }
  }
  return { events, pausedSince, lastAt: at };
}

/** Plans the sample dossiers of one office; `firstSerial` counts those planned before. */
export function planOfficeDossiers(
  rng: Rng,
  office: DossierOffice,
  procedureInfo: ReadonlyMap<string, ProcedureInfo>,
  samplesByCommune: ReadonlyMap<string, readonly ParcelSample[]>,
  holidays: ReadonlySet<string>,
  firstSerial: number,
): DossierPlan[] {
  const count = rng.int(3, 5);
  return rng.sample(procedures.length, count).map((index, i) => {
    const state = stateFor(office, firstSerial + i);
    const sampled = procedures[index] ?? 'transfer';
    // Only a procedure with financial obligations goes to the tax authority.
    const procedure =
      state === 'at_tax' && !procedureInfo.get(sampled)?.involvesTax ? 'transfer' : sampled;
    const info = procedureInfo.get(procedure);
    if (!info) throw new Error(`procedure ${procedure} is not in dossier.procedure`);
    const commune = rng.pick(office.communes);
    const parcels = chooseParcels(rng, procedure, samplesByCommune.get(commune) ?? []);
    const receivedDay = receptionDay(rng, holidays);
    const receivedAt = `${receivedDay} ${clock(rng, 7, 16)}`;
    const { events, pausedSince, lastAt } = timeline(
      rng,
      office,
      info.involvesTax,
      state,
      receivedDay,
      receivedAt,
      holidays,
    );
    const parcel = parcels[0];
    const parcelText = parcel
      ? ` - thửa ${parcel.parcelNo}, tờ ${parcel.sheetNo}, ${parcel.communeName} (cũ)`
      : '';
    return {
      // Not from the seeded rng: demo codes differ on every installation, like real ones.
      receiptCode: newReceiptCode(),
      procedure,
      state,
      channel: rng.weighted<DossierPlan['channel']>([
        ['one_stop_centre', 0.6],
        ['national_portal', 0.35],
        ['post', 0.05],
      ]),
      office: office.code,
      currentOffice: state === 'at_tax' ? taxOffice : office.code,
      commune,
      parcels,
      assignedUser: state === 'received' ? null : office.officer,
      receivedAt,
      dueAt: `${addWorkingDays(receivedDay, info.limitWorkingDays, holidays)} 17:00:00+07`,
      completedAt: state === 'returned' ? lastAt : null,
      pausedSince,
      summary: `${info.nameVi}${parcelText}`,
      events,
    };
  });
}
