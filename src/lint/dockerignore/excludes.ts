import type { Hit, Rule } from '../finding.js';
import { ignores, type DockerignoreTarget } from './target.js';

interface Expected {
  /** A path that must be left out of the context. */
  probe: string;
  pattern: string;
  /** Ask only when the context holds it: build output differs by language. */
  onlyIfPresent?: boolean;
}

const EXPECTED: Expected[] = [
  { probe: '.git', pattern: '.git' },
  { probe: '.env', pattern: '.env*' },
  { probe: '.env.local', pattern: '.env*' },
  { probe: 'node_modules', pattern: 'node_modules' },
  { probe: 'debug.log', pattern: '*.log' },
  { probe: 'dist', pattern: 'dist', onlyIfPresent: true },
  { probe: 'build', pattern: 'build', onlyIfPresent: true },
  { probe: 'target', pattern: 'target', onlyIfPresent: true },
];

export const dockerignoreExcludes: Rule<DockerignoreTarget> = {
  id: 'dockerignore/excludes',
  severity: 'warning',
  summary: '.dockerignore leaves out .git, .env*, node_modules, logs and build output.',
  check(target) {
    const lines = target.lines;
    if (!lines) return [];
    const missing = new Set<string>();
    for (const expected of EXPECTED) {
      if (expected.onlyIfPresent && !target.contextEntries.includes(expected.probe)) continue;
      if (!ignores(lines, expected.probe)) missing.add(expected.pattern);
    }
    // The file's last line (a trailing newline ends a line, it does not start one): a position an editor can open.
    const last = Math.max(1, lines.length - (lines.at(-1) === '' ? 1 : 0));
    const hits: Hit[] = [...missing].map((pattern) => ({
      at: { file: target.file, line: last, column: 1 },
      message: `${pattern} is not excluded from the build context`,
      hint: `add a line \`${pattern}\``,
    }));
    return hits;
  },
};
