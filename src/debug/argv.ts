import type { ImageConfig } from '../engine/types.js';
import type { ServiceSpec } from '../model/stack.js';

/** What the container will run: the service's entrypoint and command, else the image's (Docker's rules). */
export interface EffectiveArgv {
  entrypoint: string[];
  command: string[];
}

export function effectiveArgv(service: ServiceSpec, image: Pick<ImageConfig, 'entrypoint' | 'cmd'> | undefined): EffectiveArgv {
  const entrypoint = service.entrypoint ?? image?.entrypoint ?? [];
  // A service that sets its entrypoint drops the image's CMD, as `docker run --entrypoint` does.
  const command = service.command ?? (service.entrypoint ? [] : (image?.cmd ?? []));
  return { entrypoint, command };
}

export function basename(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/** `sh -c SCRIPT ...` → the index of SCRIPT in argv, else -1. */
export function shellScriptIndex(argv: string[], at: number): number {
  if (!SHELLS.has(basename(argv[at] ?? ''))) return -1;
  for (let i = at + 1; i < argv.length; i += 1) {
    const word = argv[i]!;
    if (!word.startsWith('-')) return -1;
    if (/^-[a-z]*c[a-z]*$/.test(word)) return i + 1 < argv.length ? i + 1 : -1;
  }
  return -1;
}

/** A script file run as the program (`/entrypoint.sh`, `sh ./start.sh`): its path, to read its text. */
export function scriptFile(argv: string[]): string | undefined {
  const first = argv[0];
  if (!first) return undefined;
  if (SHELLS.has(basename(first))) {
    if (shellScriptIndex(argv, 0) >= 0) return undefined;
    const file = argv.slice(1).find((w) => !w.startsWith('-'));
    return file;
  }
  return /\.(sh|bash)$/.test(first) ? first : undefined;
}
