import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found upwards from this file so it holds both from src/ (tsx) and dist/src/ (built). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'profiles'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('devstack: cannot find its package root');
    dir = parent;
  }
  return dir;
}

export function builtinProfilesDir(): string {
  return join(packageRoot(), 'profiles');
}
