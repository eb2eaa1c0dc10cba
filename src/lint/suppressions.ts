import { readFile } from 'node:fs/promises';
import type { Finding } from './finding.js';

/** `# devstack-ignore rule-id [rule-id…]` anywhere in a file turns those rules off for that file alone. */
// One line only: the ids end where the comment does, so the next line's words are never taken for ids.
const IGNORE = /#[ \t]*devstack-ignore[ \t]+([\w/.,\t -]+)/g;

export function ignoredRules(text: string): Set<string> {
  const ids = new Set<string>();
  for (const match of text.matchAll(IGNORE)) for (const id of match[1]!.split(/[\s,]+/)) if (id) ids.add(id);
  return ids;
}

export async function withoutSuppressed(findings: Finding[]): Promise<Finding[]> {
  const byFile = new Map<string, Promise<Set<string>>>();
  const rulesOff = (file: string) => {
    let ids = byFile.get(file);
    if (!ids) {
      ids = readFile(file, 'utf8').then(ignoredRules, () => new Set<string>());
      byFile.set(file, ids);
    }
    return ids;
  };
  const kept = await Promise.all(findings.map(async (f) => ((await rulesOff(f.at.file)).has(f.ruleId) ? undefined : f)));
  return kept.filter((f): f is Finding => f !== undefined);
}
