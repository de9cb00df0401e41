/** Summaries over rounds: the median, and the spread as (max − min) / median. */

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function spread(values: number[]): number {
  const m = median(values);
  return values.length === 0 || m === 0 ? Number.NaN : (Math.max(...values) - Math.min(...values)) / m;
}

export function ratio(value: number, reference: number): number {
  return reference > 0 && Number.isFinite(value) ? value / reference : Number.NaN;
}
