// Latency histograms (HDR) and the small statistics the report needs.
import * as hdr from 'hdr-histogram-js';

/** A histogram of latencies recorded in microseconds, reported in milliseconds. */
export function latencyHistogram() {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 10 * 60 * 1e6, numberOfSignificantValueDigits: 3 });
  return {
    /** Records one latency given in milliseconds (fractions allowed). */
    recordMs(ms) {
      histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
    },
    get count() {
      return histogram.totalCount;
    },
    summary() {
      if (histogram.totalCount === 0) return { count: 0, p50: null, p90: null, p99: null, max: null, mean: null };
      const ms = (us) => round(us / 1000, 3);
      return {
        count: histogram.totalCount,
        p50: ms(histogram.getValueAtPercentile(50)),
        p90: ms(histogram.getValueAtPercentile(90)),
        p99: ms(histogram.getValueAtPercentile(99)),
        max: ms(histogram.maxValue),
        mean: ms(histogram.mean),
      };
    },
  };
}

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(value, digits = 2) {
  if (value === null || value === undefined || !Number.isFinite(value)) return value ?? null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** For each numeric key of the repetitions' summaries, the median across repetitions. */
export function medianOfReps(reps) {
  const keys = new Set(reps.flatMap((rep) => Object.keys(rep).filter((key) => typeof rep[key] === 'number')));
  return Object.fromEntries([...keys].map((key) => [key, round(median(reps.map((rep) => rep[key])), 3)]));
}

/** Sum of a numeric key over the repetitions (for counts that must be zero: loss, duplicates). */
export function sumOfReps(reps, key) {
  return reps.reduce((total, rep) => total + (Number(rep[key]) || 0), 0);
}

/** p-th percentile of a plain array (small samples, e.g. per-event fan-out times). */
export function percentile(values, p) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}
