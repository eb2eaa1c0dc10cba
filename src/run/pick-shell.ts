import type { Engine } from '../engine/types.js';

const SHELLS = ['bash', 'ash', 'sh'];
const PROBE = `for s in ${SHELLS.join(' ')}; do command -v "$s" >/dev/null 2>&1 && { echo "$s"; exit 0; }; done; exit 1`;

/** The friendliest shell the container has: bash, else ash, else sh; undefined when it has none. */
export async function pickShell(engine: Engine, containerId: string): Promise<string | undefined> {
  const probe = await engine.exec(containerId, ['sh', '-c', PROBE], 10_000);
  const found = probe.stdout.trim();
  if (probe.exitCode === 0 && SHELLS.includes(found)) return found;
  // No `sh` to ask with: bash may still be there on its own.
  const bash = await engine.exec(containerId, ['bash', '-c', 'exit 0'], 10_000);
  return bash.exitCode === 0 ? 'bash' : undefined;
}
