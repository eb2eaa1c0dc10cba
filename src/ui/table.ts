import { currentRun } from './run-context.js';

/**
 * A plain aligned table: readable in a terminal and in a CI log alike. Cells are masked before they are
 * measured: masking the printed text afterwards (as the output layer does) would shorten a cell that
 * holds a secret and pull the columns after it out of line.
 */
export function renderTable(headers: string[], rows: string[][]): string {
  const { secrets } = currentRun();
  const shown = rows.map((r) => r.map((cell) => secrets.mask(cell)));
  const widths = headers.map((h, i) => Math.max(h.length, ...shown.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...shown.map(line)].join('\n');
}
