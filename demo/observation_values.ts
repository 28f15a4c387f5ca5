// Plausible Mekong-delta monitoring values for one year: surface water sampled twice a
// month, ambient air as daily (24 h) and 8-hour averages. The dry season (December-April)
// brings more dust and lower dissolved oxygen, the rainy season more suspended solids and
// coliform, and the first rains an acid flush from acid-sulphate soils. Polluted urban
// canals and traffic or industrial sites exceed the QCVN limits now and then. Pure.
import { addDays, dayNumber } from './calendar';
import type { Rng } from './random';

export type AirProfile = 'traffic' | 'industrial' | 'background';

export interface Observation {
  parameter: string;
  /** Timestamp with the +07 offset; for averages, the start of the averaging window. */
  observedAt: string;
  averaging: '' | '8h' | '24h';
  value: number;
  qualifier: '<' | null;
}

const year = 2025;

/** +1 in mid-March (height of the dry season), -1 in mid-September. */
function dryness(date: string): number {
  const dayOfYear = dayNumber(date) - dayNumber(`${year}-01-01`);
  return Math.cos((2 * Math.PI * (dayOfYear - 75)) / 365);
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Rounded to two significant figures, as MPN counts are reported. */
function roundSignificant(value: number): number {
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(value)) - 1);
  return Math.round(value / magnitude) * magnitude;
}

function lognormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * rng.normal());
}

/**
 * Twice-monthly surface-water samples (5th and 20th, 09:00). `pollution` is about 0.7 for
 * the Hậu river, 1 for ordinary canals and 1.6 for urban canals.
 */
export function waterSamples(rng: Rng, pollution: number, acidSoils: boolean): Observation[] {
  const samples: Observation[] = [];
  for (let month = 1; month <= 12; month++) {
    for (const day of [5, 20]) {
      const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const dry = dryness(date);
      const rainy = Math.max(0, -dry);
      const acidFlush = acidSoils && (month === 5 || month === 6) ? rng.float(0.4, 1.2) : 0;
      const nh4 = lognormal(rng, 0.22 * pollution ** 1.5, 0.5);
      const no3 = lognormal(rng, 0.35 * (1 + 0.4 * rainy), 0.5);
      const po4 = lognormal(rng, 0.07 * pollution, 0.5);
      const bod = lognormal(rng, 4.2 * pollution * (1 + 0.2 * dry), 0.3);
      const values: [string, number, number][] = [
        ['pH', Math.min(8.9, Math.max(4.8, 7.1 + 0.2 * dry - acidFlush + 0.2 * rng.normal())), 2],
        [
          'DO',
          Math.min(
            8.5,
            Math.max(1.5, 6.2 - 1.4 * (pollution - 0.7) - 0.4 * dry + 0.45 * rng.normal()),
          ),
          2,
        ],
        ['BOD5', bod, 1],
        ['COD', bod * rng.float(1.8, 2.4), 1],
        ['TSS', lognormal(rng, 45 * (1 + 0.6 * rainy) * (pollution < 0.8 ? 1.3 : 1), 0.35), 1],
        ['NH4-N', nh4, 3],
        ['NO3-N', no3, 3],
        ['PO4-P', po4, 3],
        ['TP', po4 * rng.float(1.5, 2.2), 3],
        ['TN', nh4 + no3 + rng.float(0.4, 0.9), 2],
      ];
      const observedAt = `${date} 09:00:00+07`;
      for (const [parameter, value, decimals] of values) {
        const detectionLimit = parameter === 'PO4-P' || parameter === 'NO3-N' ? 0.02 : 0;
        const below = value < detectionLimit;
        samples.push({
          parameter,
          observedAt,
          averaging: '',
          value: below ? detectionLimit : round(value, decimals),
          qualifier: below ? '<' : null,
        });
      }
      samples.push({
        parameter: 'Coliform',
        observedAt,
        averaging: '',
        value: roundSignificant(lognormal(rng, 3200 * pollution ** 2 * (1 + 0.4 * rainy), 0.6)),
        qualifier: null,
      });
    }
  }
  return samples;
}

/** Daily air-quality averages for the year (24 h, and 8 h for CO and O3). */
export function airDays(rng: Rng, profile: AirProfile): Observation[] {
  const site = profile === 'background' ? 0.8 : profile === 'industrial' ? 1.3 : 1.25;
  const rows: Observation[] = [];
  let weather = 0;
  for (let date = `${year}-01-01`; date.startsWith(String(year)); date = addDays(date, 1)) {
    // Day-to-day persistence of the weather (calm days stay calm for a while).
    weather = 0.7 * weather + 0.15 * rng.normal();
    const season = (1 + 0.35 * dryness(date)) * Math.exp(weather);
    const pm25 = lognormal(rng, 25 * site * season, 0.2);
    const pm10 = pm25 * rng.float(1.6, 2.1);
    const daily: [string, number][] = [
      ['PM2.5', pm25],
      ['PM10', pm10],
      ['TSP', pm10 * rng.float(1.5, 2.0)],
      ['SO2', lognormal(rng, 18 * site * (profile === 'industrial' ? 1.8 : 1) * season, 0.3)],
      ['NO2', lognormal(rng, 28 * site * (profile === 'traffic' ? 1.5 : 1) * season, 0.25)],
    ];
    for (const [parameter, value] of daily) {
      rows.push({
        parameter,
        observedAt: `${date} 00:00:00+07`,
        averaging: '24h',
        value: round(value, 1),
        qualifier: null,
      });
    }
    const eightHour: [string, number][] = [
      ['CO', lognormal(rng, 2200 * site * season, 0.3)],
      ['O3', lognormal(rng, 70 * (1 + 0.3 * dryness(date)), 0.25)],
    ];
    for (const [parameter, value] of eightHour) {
      rows.push({
        parameter,
        observedAt: `${date} 09:00:00+07`,
        averaging: '8h',
        value: round(value, 1),
        qualifier: null,
      });
    }
  }
  return rows;
}
