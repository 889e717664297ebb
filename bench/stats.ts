/** Percentile by nearest rank of an unsorted sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export const round = (value: number, digits = 1) =>
  Math.round(value * 10 ** digits) / 10 ** digits;

/** Renders rows as an aligned plain-text table. */
export function table(rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((row) => row.map(String));
  const widths =
    cells[0]?.map((_, i) =>
      Math.max(...cells.map((row) => row[i]?.length ?? 0)),
    ) ?? [];
  return cells
    .map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '))
    .join('\n');
}
