import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerState } from '../engine/types.js';

/**
 * The containers whose readiness devstack's own probe (the service's healthcheck, run by `up`) saw
 * pass, by container id, with the start they passed in. The engine runs its first check one interval
 * after start (Engines before 25 have no start_interval): until then it says `starting` of a service
 * `up` has just called ready, and this record is what lets `status` and the next `up` say the same.
 */
export type ProbedReady = Record<string, { service: string; startedAt: string }>;

function recordFile(projectDir: string): string {
  return join(projectDir, '.devstack', 'probed-ready.json');
}

/** Missing or unreadable reads as "nothing probed": the engine's word then stands alone, as before. */
export function readProbedReady(projectDir: string): ProbedReady {
  try {
    const json = JSON.parse(readFileSync(recordFile(projectDir), 'utf8')) as unknown;
    return json && typeof json === 'object' && !Array.isArray(json) ? (json as ProbedReady) : {};
  } catch {
    return {};
  }
}

/** Written whole and renamed into place, so a `status` reading at the same moment sees the old or the new record. */
export function writeProbedReady(projectDir: string, record: ProbedReady): void {
  const file = recordFile(projectDir);
  mkdirSync(join(projectDir, '.devstack'), { recursive: true });
  const temporary = `${file}.${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, file);
}

/**
 * True only while the engine has nothing of its own to say: the same container in the same start
 * (a restart or recreate has another start time), running, and no check of the engine's run yet.
 * Once the engine has checked, its verdict is shown, whatever the record says.
 */
export function probedReady(record: ProbedReady, state: ContainerState): boolean {
  const entry = record[state.id];
  return Boolean(
    entry &&
    state.startedAt &&
    entry.startedAt === state.startedAt &&
    state.status === 'running' &&
    state.health === 'starting' &&
    state.healthChecksSinceStart === 0,
  );
}

/**
 * After a run that waited for `handled` services: this run's word for them (`probedNow`), the earlier
 * word for the others. Written only when it changed.
 */
export function updateProbedReady(projectDir: string, before: ProbedReady, handled: Iterable<string>, probedNow: ProbedReady): void {
  const services = new Set(handled);
  const kept = Object.entries(before).filter(([, entry]) => !services.has(entry.service));
  const record = { ...Object.fromEntries(kept), ...probedNow };
  if (JSON.stringify(record) !== JSON.stringify(before)) writeProbedReady(projectDir, record);
}
