import { resolveEndpoint } from '../engine/endpoint.js';
import type { Engine } from '../engine/types.js';
import { ConfigError, DevstackError, DoctorFailedError } from '../errors.js';
import { formatOutcomes, summaryLine, tally } from '../doctor/format-outcomes.js';
import type { Outcome, Status } from '../doctor/outcome.js';
import { runDoctor } from '../doctor/run-doctor.js';
import type { StackSpec } from '../model/stack.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { print, printJson } from '../ui/output.js';

export interface DoctorReport {
  checks: Outcome[];
  summary: Record<Status, number>;
  /** How long the checks took, from the start of the command to the report. */
  elapsedMs: number;
}

/**
 * A local or TCP engine answers a ping in milliseconds; one that has not in a second is not going to, and
 * doctor's job is to say so at once. An ssh:// engine gets the usual bound: the handshake alone takes time.
 */
const DOCTOR_CONNECT_TIMEOUT_MS = 1000;

/** A broken stack file or a missing engine is what doctor is for: both become failed checks, not errors. */
async function tryLoad(flags: StackFlags): Promise<{ stack?: StackSpec; configError?: ConfigError }> {
  try {
    return { stack: await loadStackFromFlags(flags) };
  } catch (error) {
    if (error instanceof ConfigError) return { configError: error };
    throw error;
  }
}

async function tryConnect(url: string): Promise<{ engine?: Engine; engineError?: DevstackError }> {
  try {
    return { engine: await openEngine(url.startsWith('ssh:') ? {} : { timeoutMs: DOCTOR_CONNECT_TIMEOUT_MS }) };
  } catch (error) {
    if (error instanceof DevstackError) return { engineError: error };
    throw error;
  }
}

export async function runDoctorCommand(flags: StackFlags & { json: boolean }): Promise<DoctorReport> {
  const started = Date.now();
  const cwd = flags.cwd ?? process.cwd();
  const endpoint = resolveEndpoint(process.env);
  const [loaded, connected] = await Promise.all([tryLoad(flags), tryConnect(endpoint.url)]);
  const checks = await runDoctor({
    projectDir: loaded.stack?.projectDir ?? cwd,
    env: process.env,
    endpoint,
    procRoot: '/proc',
    now: Date.now,
    ...loaded,
    ...connected,
  });
  const report = { checks, summary: tally(checks), elapsedMs: Date.now() - started };
  if (flags.json) printJson(report, { pretty: true });
  else print([...formatOutcomes(checks), summaryLine(checks)].join('\n'));
  if (report.summary.fail > 0) throw new DoctorFailedError(report.summary.fail);
  return report;
}
