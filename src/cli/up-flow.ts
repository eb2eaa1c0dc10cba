import { preflight } from '../doctor/preflight.js';
import { dotenvKeys } from '../profiles/dotenv-keys.js';
import { resolveEndpoint } from '../engine/endpoint.js';
import { withDependencies } from '../model/order.js';
import { remoteBindMountNotes, remoteHost, remotePortsNote } from '../run/remote-engine.js';
import { endpoints, type Endpoint } from '../profiles/endpoints.js';
import { prepareHost } from '../profiles/prepare-host.js';
import { status } from '../run/status.js';
import { up } from '../run/up.js';
import { renderTable } from '../ui/table.js';
import { changing } from './changing.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { resolveServices } from './services.js';
import { reporterFor } from './reporter-for.js';
import { print, say } from '../ui/output.js';
import { printResult } from './result-event.js';
import { formatElapsed } from '../model/elapsed.js';

export interface UpFlags extends StackFlags {
  services: string[];
  timeout: number;
  'remove-orphans': boolean;
  'force-recreate': boolean;
  build: boolean;
  'keep-debug'?: boolean;
  wait: boolean;
  /** False for --no-lock-wait: fail at once when another command is changing the project. */
  lockWait: boolean;
  json: boolean;
}

export interface UpSummary {
  project: string;
  changed: boolean;
  services: Array<{ service: string; action: string; reason: string }>;
  endpoints: Endpoint[];
  /** Set when the engine runs on another machine: the endpoints' ports are published there. */
  engineHost?: string;
  elapsedMs: number;
}

export async function runUp(flags: UpFlags): Promise<UpSummary> {
  const started = Date.now();
  const loaded = await loadStackFromFlags(flags);
  // A misspelt service is bad input: said before anything is created (it used to bring up nothing, successfully).
  const services = resolveServices(loaded, flags.services);
  const output = reporterFor(flags.json);
  try {
    const engine = await openEngine();
    await preflight(engine, loaded, services);
    const stack = await prepareHost(loaded, output.reporter);
    const engineHost = remoteHost(resolveEndpoint(process.env).url);
    if (engineHost) {
      const inScope = withDependencies(stack, services.length ? services : Object.keys(stack.services));
      for (const message of remoteBindMountNotes(stack, inScope, engineHost)) output.reporter({ type: 'note', level: 'warn', message });
    }
    const result = await changing(stack, flags.lockWait, (signal) =>
      up(
        engine,
        stack,
        {
          services,
          forceRecreate: flags['force-recreate'],
          build: flags.build,
          keepDebug: flags['keep-debug'] ?? false,
          removeOrphans: flags['remove-orphans'],
          timeoutMs: flags.timeout * 1000,
          wait: flags.wait,
          signal,
        },
        output.reporter,
      ),
    );
    const declared = Object.values(stack.services).some((s) => s.extensions['x-devstack'] !== undefined);
    const summary: UpSummary = {
      project: stack.name,
      changed: result.changed,
      services: result.plan.services.map((s) => ({ service: s.service, action: s.action, reason: s.reason })),
      endpoints: declared ? endpoints(stack, await status(engine, stack), dotenvKeys(stack.projectDir)) : [],
      ...(engineHost ? { engineHost } : {}),
      elapsedMs: Date.now() - started,
    };
    await output.finish();
    if (output.json) {
      printResult(summary);
      return summary;
    }
    if (summary.endpoints.length) print(engineHost ? `${endpointTable(summary.endpoints)}\n${remotePortsNote(engineHost)}` : endpointTable(summary.endpoints));
    const count = summary.services.length;
    say(
      result.changed
        ? `${stack.name}: ${count} ${count === 1 ? 'service' : 'services'} ready${stack.mode && stack.mode !== 'dev' ? ` in ${stack.mode} mode` : ''} in ${formatElapsed(summary.elapsedMs)}. See them with \`devstack status\`.`
        : `Nothing to do: all ${count} services of ${stack.name} are up to date and ready.`,
    );
    return summary;
  } finally {
    await output.finish();
  }
}

function endpointTable(list: Endpoint[]): string {
  return renderTable(
    ['SERVICE', 'WHAT', 'WHERE', 'CREDENTIALS FROM'],
    list.map((e) => [e.service, e.name, e.url, e.credentials]),
  );
}
