import { resolveEndpoint } from '../engine/endpoint.js';
import type { Engine } from '../engine/types.js';
import { ConfigError, DevstackError, DoctorFailedError } from '../errors.js';
import { formatOutcomes, summaryLine, tally } from '../doctor/format.js';
import type { Outcome, Status } from '../doctor/outcome.js';
import { runDoctor } from '../doctor/run-doctor.js';
import type { StackSpec } from '../model/stack.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './context.js';

export interface DoctorReport {
  checks: Outcome[];
  summary: Record<Status, number>;
}

/** A broken stack file or a missing engine is what doctor is for: both become failed checks, not errors. */
async function tryLoad(flags: StackFlags): Promise<{ stack?: StackSpec; configError?: ConfigError }> {
  try {
    return { stack: await loadStackFromFlags(flags) };
  } catch (error) {
    if (error instanceof ConfigError) return { configError: error };
    throw error;
  }
}

async function tryConnect(): Promise<{ engine?: Engine; engineError?: DevstackError }> {
  try {
    return { engine: await openEngine() };
  } catch (error) {
    if (error instanceof DevstackError) return { engineError: error };
    throw error;
  }
}

export async function runDoctorCommand(flags: StackFlags & { json: boolean }): Promise<DoctorReport> {
  const cwd = flags.cwd ?? process.cwd();
  const [loaded, connected] = await Promise.all([tryLoad(flags), tryConnect()]);
  const checks = await runDoctor({
    projectDir: loaded.stack?.projectDir ?? cwd,
    env: process.env,
    endpoint: resolveEndpoint(process.env),
    procRoot: '/proc',
    now: Date.now,
    ...loaded,
    ...connected,
  });
  const report = { checks, summary: tally(checks) };
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${[...formatOutcomes(checks), summaryLine(checks)].join('\n')}\n`);
  if (report.summary.fail > 0) throw new DoctorFailedError(report.summary.fail);
  return report;
}
