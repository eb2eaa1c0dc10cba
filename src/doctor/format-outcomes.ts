import { paint, type Style } from '../ui/style.js';
import type { Outcome, Status } from './outcome.js';

const TAG: Record<Status, { text: string; style: Style }> = {
  ok: { text: 'ok  ', style: 'green' },
  warn: { text: 'warn', style: 'yellow' },
  fail: { text: 'FAIL', style: 'red' },
};

/** One line per outcome (`FAIL ports  …`), the fix indented under it: readable in a terminal and a CI log alike. */
export function formatOutcomes(outcomes: Outcome[]): string[] {
  const width = Math.max(...outcomes.map((o) => o.check.length));
  return outcomes.flatMap((o) => [
    `${paint(TAG[o.status].style, TAG[o.status].text)} ${o.check.padEnd(width)}  ${o.message}`,
    ...(o.fix ? [`     ${' '.repeat(width)}  ${paint('dim', `fix: ${o.fix}`)}`] : []),
  ]);
}

export function tally(outcomes: Outcome[]): Record<Status, number> {
  return {
    ok: outcomes.filter((o) => o.status === 'ok').length,
    warn: outcomes.filter((o) => o.status === 'warn').length,
    fail: outcomes.filter((o) => o.status === 'fail').length,
  };
}

export function summaryLine(outcomes: Outcome[]): string {
  const { ok, warn, fail } = tally(outcomes);
  return `${ok} ok, ${warn} ${warn === 1 ? 'warning' : 'warnings'}, ${fail} failed.`;
}
