import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StackSpec } from '../../model/stack.js';
import { NEVER_WATCHED } from '../../watch/ignore.js';
import { effectiveRules } from '../../watch/watch-rules.js';
import { fail, ok, warn, type Outcome } from '../outcome.js';
import { watchesInUse } from './inotify-usage.js';

/** The paths `devstack watch` would watch: each service's rules, or the build context a service with build: and no rules rebuilds on. */
function watchedPaths(stack: StackSpec): string[] {
  return Object.values(stack.services).flatMap((s) => effectiveRules(stack, s).map((rule) => rule.path));
}

/** Counts directories (one inotify watch each), stopping once past `limit`: only the comparison matters. */
async function countDirectories(roots: string[], limit: number): Promise<number> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length && seen.size <= limit) {
    const dir = queue.pop()!;
    if (seen.has(dir)) continue;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
    if (!entries) continue;
    seen.add(dir);
    for (const entry of entries) if (entry.isDirectory() && !NEVER_WATCHED.has(entry.name)) queue.push(join(dir, entry.name));
  }
  return seen.size;
}

/**
 * Linux gives each user a fixed number of inotify watches; past it, watching fails with ENOSPC (tilt#2079).
 * What the watch rules need is compared with what is left of the limit after the user's other programs.
 */
export async function checkInotify(stack: StackSpec, procRoot: string, uid = process.getuid?.() ?? 0): Promise<Outcome[]> {
  const raw = await readFile(join(procRoot, 'sys/fs/inotify/max_user_watches'), 'utf8').catch(() => undefined);
  if (raw === undefined) return [];
  const limit = Number(raw.trim());
  const roots = watchedPaths(stack);
  if (roots.length === 0) return [ok('inotify', `no watch rules; the watch limit is ${limit}`)];
  const used = await watchesInUse(procRoot, uid);
  const available = Math.max(0, limit - used);
  const dirs = await countDirectories(roots, available);
  const message = `watch rules cover ${dirs > available ? `more than ${available}` : dirs} folders; ${available} of the limit of ${limit} watches are free (your other programs hold ${used})`;
  const fix = `raise the limit: \`echo fs.inotify.max_user_watches=${Math.max(524288, limit * 2)} | sudo tee /etc/sysctl.d/90-inotify.conf && sudo sysctl --system\`, or narrow the watch paths`;
  if (dirs > available) return [fail('inotify', message, fix)];
  // Editors open and close watchers all day; a rule set that takes more than half of what is free will hit the limit.
  if (dirs > available / 2) return [warn('inotify', message, fix)];
  return [ok('inotify', message)];
}
