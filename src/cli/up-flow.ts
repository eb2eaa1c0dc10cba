import { up } from '../run/up.js';
import { withInterrupt } from './interrupt.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './context.js';
import { reporterFor } from './reporter-for.js';

export interface UpFlags extends StackFlags {
  services: string[];
  timeout: number;
  'remove-orphans': boolean;
  'force-recreate': boolean;
  build: boolean;
  wait: boolean;
  json: boolean;
}

export interface UpSummary {
  project: string;
  changed: boolean;
  services: Array<{ service: string; action: string; reason: string }>;
  elapsedMs: number;
}

export async function runUp(flags: UpFlags, say: (line: string) => void): Promise<UpSummary> {
  const started = Date.now();
  const stack = await loadStackFromFlags(flags);
  const engine = await openEngine();
  const output = reporterFor(flags.json);
  try {
    const result = await withInterrupt((signal) =>
      up(
        engine,
        stack,
        {
          services: flags.services,
          forceRecreate: flags['force-recreate'],
          build: flags.build,
          removeOrphans: flags['remove-orphans'],
          timeoutMs: flags.timeout * 1000,
          wait: flags.wait,
          signal,
        },
        output.reporter,
      ),
    );
    const summary: UpSummary = {
      project: stack.name,
      changed: result.changed,
      services: result.plan.services.map((s) => ({ service: s.service, action: s.action, reason: s.reason })),
      elapsedMs: Date.now() - started,
    };
    await output.finish();
    const count = summary.services.length;
    if (output.json) process.stdout.write(`${JSON.stringify({ type: 'result', ...summary })}\n`);
    else if (!result.changed) say(`Nothing to do: all ${count} services of ${stack.name} are up to date and ready.`);
    else say(`${stack.name}: ${count} ${count === 1 ? 'service' : 'services'} ready in ${(summary.elapsedMs / 1000).toFixed(1)}s. See them with \`devstack status\`.`);
    return summary;
  } finally {
    await output.finish();
  }
}
