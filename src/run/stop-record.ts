import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Container id → when devstack stopped it (ISO time). */
export type StopRecord = Record<string, string>;

function file(projectDir: string): string {
  return join(projectDir, '.devstack', 'stopped.json');
}

/**
 * The containers `devstack stop` stopped. The engine cannot tell a stop from a crash by itself once the
 * process answered SIGTERM with its own exit code (0, say), and it keeps only its last 256 events in
 * memory; so devstack remembers the stops it made. A missing or unreadable file is an empty record.
 */
export async function readStops(projectDir: string): Promise<StopRecord> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file(projectDir), 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as StopRecord) : {};
  } catch {
    return {};
  }
}

/** Adds stops, keeping only containers that still exist (`existing`), so the file never grows past the stack. */
export async function recordStops(projectDir: string, stopped: string[], existing: string[], at = new Date()): Promise<void> {
  const record = await readStops(projectDir);
  const kept = Object.fromEntries(Object.entries(record).filter(([id]) => existing.includes(id)));
  for (const id of stopped) kept[id] = at.toISOString();
  await mkdir(join(projectDir, '.devstack'), { recursive: true });
  const temporary = `${file(projectDir)}.${process.pid}`;
  await writeFile(temporary, `${JSON.stringify(kept)}\n`);
  await rename(temporary, file(projectDir));
}

/** Stopped by devstack, and not started again since. */
export function stoppedByDevstack(record: StopRecord, id: string, startedAt: string | undefined): boolean {
  const at = record[id];
  return at !== undefined && (!startedAt || Date.parse(startedAt) <= Date.parse(at));
}
