// Small numeric and formatting helpers shared by the bench sections.

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function spread(values: readonly number[]): { min: number; max: number } {
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** `1.23 s`, `456 ms`. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

/** Median with the range of the runs: `2.41 s (2.38–2.52 s, 5 runs)`. */
export function msRuns(values: readonly number[]): string {
  if (values.length === 1) return `${ms(values[0] as number)} (1 run)`;
  const { min, max } = spread(values);
  return `${ms(median(values))} (${ms(min)}–${ms(max)}, ${values.length} runs)`;
}

/** SI bytes, as the action's own log shows them: `12.3 kB`, `61.8 MB`. */
export function bytes(value: number): string {
  if (value < 1000) return `${value} B`;
  const units = ['kB', 'MB', 'GB'];
  let scaled = value / 1000;
  let unit = 0;
  while (scaled >= 999.95 && unit < units.length - 1) {
    scaled /= 1000;
    unit++;
  }
  return `${scaled.toFixed(1)} ${units[unit]}`;
}

/** Binary megabytes, for resident memory (what `ps` and `/usr/bin/time` count in KiB). */
export function mib(kib: number): string {
  return `${(kib / 1024).toFixed(1)} MiB`;
}

export function ratio(numerator: number, denominator: number): string {
  return `${(numerator / denominator).toFixed(2)}×`;
}

export function thousands(value: number): string {
  return value.toLocaleString('en-US');
}
