import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The lines of a build context's .dockerignore (none when it has none): what the build and the watcher both leave out. */
export function dockerignoreLines(context: string): string[] {
  try {
    return readFileSync(join(context, '.dockerignore'), 'utf8').split(/\r?\n/);
  } catch {
    return [];
  }
}
