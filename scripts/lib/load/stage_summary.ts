import { percentile } from '../tile_bench';
import type { RequestKind, Sample } from './load_mix';

/** What one stage of the load benchmark measured. */
export interface StageSummary {
  label: string;
  concurrency: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** p95 per kind of request, ms. */
  p95ByKind: Partial<Record<RequestKind, number>>;
  /** 5xx of requests that overlapped the deliberate database outage. */
  outage5xx: number;
  /** 5xx outside it: each one is a defect. */
  unexpected5xx: number;
  /** Requests that got no HTTP answer at all. */
  networkErrors: number;
  /** 409, 412 and 428 answers: edits that lost a race, as the API promises. */
  conflicts: number;
  other4xx: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Summarises a stage. A 5xx counts as part of the outage when its request was running at
 * some moment between the database stop and the moment every process was ready again.
 */
export function stageSummary(
  label: string,
  concurrency: number,
  seconds: number,
  samples: Sample[],
  outage: { from: number; to: number } | undefined,
): StageSummary {
  const during = (sample: Sample) =>
    outage !== undefined && sample.at >= outage.from && sample.at - sample.ms <= outage.to;
  const latencies = samples.map((sample) => sample.ms);
  const kinds = [...new Set(samples.map((sample) => sample.kind))];
  return {
    label,
    concurrency,
    requests: samples.length,
    perSecond: round(samples.length / seconds),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    p95ByKind: Object.fromEntries(
      kinds.map((kind) => [
        kind,
        round(
          percentile(
            samples.filter((s) => s.kind === kind).map((s) => s.ms),
            95,
          ),
        ),
      ]),
    ),
    outage5xx: samples.filter((s) => s.status >= 500 && during(s)).length,
    unexpected5xx: samples.filter((s) => s.status >= 500 && !during(s)).length,
    networkErrors: samples.filter((s) => s.status === 0).length,
    conflicts: samples.filter((s) => [409, 412, 428].includes(s.status)).length,
    other4xx: samples.filter(
      (s) => s.status >= 400 && s.status < 500 && ![409, 412, 428].includes(s.status),
    ).length,
  };
}
