import { isAbsolute, relative } from 'node:path';

/** True when `path` is `dir` or lies below it (both absolute). */
export function isWithin(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
