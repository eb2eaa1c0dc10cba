import { relative } from 'node:path';
import { paint } from '../ui/style.js';
import type { Finding } from './finding.js';

export function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

export function countBySeverity(findings: Finding[]): { errors: number; warnings: number } {
  return { errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `file:line:col rule-id severity message`, a hint line under each, and a summary: greppable and clickable in editors. */
export function formatText(findings: Finding[], files: string[], cwd: string): string {
  const lines = findings.flatMap((f) => [
    `${paint('bold', `${displayPath(cwd, f.at.file)}:${f.at.line}:${f.at.column}`)} ${f.ruleId} ${paint(f.severity === 'error' ? 'red' : 'yellow', f.severity)} ${f.message}`,
    `  ${paint('dim', `hint: ${f.hint}`)}`,
  ]);
  const { errors, warnings } = countBySeverity(findings);
  const checked = plural(files.length, 'file');
  lines.push(findings.length ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${checked} checked.` : `No findings in ${checked} checked.`);
  return lines.join('\n');
}
