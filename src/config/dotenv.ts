import type { Problems } from './problems.js';

export interface DotenvEntry {
  key: string;
  /** Undefined for a bare `KEY` line, which Compose fills from the environment. */
  value: string | undefined;
  /** Line of the key, for problems found later (interpolation). */
  line?: number;
  /** Single-quoted: taken literally, never interpolated. */
  literal?: boolean;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"' };

/** Compose's .env syntax. One pass over the text, so a huge unterminated quote costs linear time. */
export function parseDotenv(text: string, file: string, problems: Problems): DotenvEntry[] {
  const entries: DotenvEntry[] = [];
  let pos = 0;
  let line = 1;
  const report = (at: number, message: string, hint?: string) => problems.add({ file, line: at, column: 1 }, '', message, hint);
  while (pos < text.length) {
    const lineNo = line;
    const start = pos;
    const eol = endOfLine(text, pos);
    const raw = text.slice(start, eol).replace(/\r$/, '');
    pos = eol + 1;
    line += 1;
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    const eq = raw.indexOf('=');
    const key = (eq === -1 ? raw : raw.slice(0, eq)).trim().replace(/^export\s+/, '');
    if (!KEY.test(key)) {
      report(lineNo, `expected KEY=VALUE, got "${raw.trim().slice(0, 40)}"`, 'variable names use letters, digits and _ and do not start with a digit');
      continue;
    }
    if (eq === -1) {
      entries.push({ key, value: undefined, line: lineNo });
      continue;
    }
    const afterEq = raw.slice(eq + 1);
    const rest = afterEq.trimStart();
    const quote = rest[0];
    if (quote !== '"' && quote !== "'") {
      const comment = rest.search(/\s#/);
      entries.push({ key, value: (comment === -1 ? rest : rest.slice(0, comment)).trim(), line: lineNo });
      continue;
    }
    // A quoted value may run over several lines: scan the text itself from the opening quote.
    const open = start + eq + 1 + (afterEq.length - rest.length);
    const scan = scanQuoted(text, open + 1, quote);
    if (!scan) {
      report(lineNo, `the ${quote === '"' ? 'double' : 'single'} quote opened here is never closed`, `close the value with ${quote}`);
      return entries;
    }
    line = lineNo + countNewlines(text, open, scan.end) + 1;
    const tailEnd = endOfLine(text, scan.end);
    const tail = text.slice(scan.end, tailEnd).trim();
    if (tail !== '' && !tail.startsWith('#')) report(line - 1, `unexpected "${tail.slice(0, 20)}" after the closing quote`);
    pos = tailEnd + 1;
    entries.push({
      key,
      value: quote === '"' ? scan.body.replace(/\\(.)/gs, (all, c: string) => ESCAPES[c] ?? all) : scan.body,
      line: lineNo,
      ...(quote === "'" ? { literal: true } : {}),
    });
  }
  return entries;
}

function endOfLine(text: string, from: number): number {
  const eol = text.indexOf('\n', from);
  return eol === -1 ? text.length : eol;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}

function scanQuoted(text: string, start: number, quote: string): { body: string; end: number } | undefined {
  for (let i = start; i < text.length; i += 1) {
    if (quote === '"' && text[i] === '\\') i += 1;
    else if (text[i] === quote) return { body: text.slice(start, i), end: i + 1 };
  }
  return undefined;
}
