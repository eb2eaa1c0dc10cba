import { ConfirmationRequiredError, UsageError } from '../errors.js';
import { planVolumeReset, reset } from '../run/reset.js';
import type { VolumeToDelete } from '../run/reset-volumes.js';
import { commandLine } from './command-line.js';
import { canAsk, confirm } from './confirm.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './context.js';
import { withInterrupt } from './interrupt.js';
import { reporterFor } from './reporter-for.js';
import { resolveServices } from './services.js';

export interface ResetFlags extends StackFlags {
  services: string[];
  volumes: boolean;
  yes: boolean;
  timeout: number;
}

export interface ResetOutcome {
  project: string;
  services: string[];
  deletedVolumes: string[];
  /** The user said no: nothing was touched. */
  cancelled: boolean;
}

function size(bytes: number | undefined): string {
  if (bytes === undefined) return 'size unknown';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** The volumes to delete, listed with their sizes and agreed to; throws when nobody can agree and --yes was not given. */
async function agreeOnVolumes(flags: ResetFlags, services: string[], volumes: VolumeToDelete[], sizes: Record<string, number | undefined>, say: (line: string) => void): Promise<boolean> {
  const width = Math.max(...volumes.map((v) => v.name.length));
  say(['These volumes will be deleted, with all their data:', ...volumes.map((v) => `  ${v.name.padEnd(width)}  ${size(sizes[v.name])}`)].join('\n'));
  if (flags.yes) return true;
  if (!canAsk()) {
    const again = commandLine(flags, 'reset', ...services, '--volumes', '--yes');
    throw new ConfirmationRequiredError(`reset --volumes would delete ${volumes.length === 1 ? '1 volume' : `${volumes.length} volumes`} and there is no terminal to confirm it; nothing was changed`, `Run \`${again}\` to delete them.`);
  }
  return confirm(`Delete ${volumes.length === 1 ? 'this volume' : `these ${volumes.length} volumes`}?`);
}

export async function runReset(flags: ResetFlags, say: (line: string) => void): Promise<ResetOutcome> {
  const started = Date.now();
  const stack = await loadStackFromFlags(flags);
  const services = resolveServices(stack, flags.services);
  const engine = await openEngine();
  const outcome: ResetOutcome = { project: stack.name, services: services.length ? services : Object.keys(stack.services), deletedVolumes: [], cancelled: false };
  let volumes: VolumeToDelete[] = [];
  if (flags.volumes) {
    const selection = await planVolumeReset(engine, stack, services);
    const shared = selection.sharedWith[0];
    if (shared) {
      throw new UsageError(
        `Volume ${shared.name} is also mounted by ${shared.services.join(', ')}, which this reset leaves running`,
        `Reset them together: \`${commandLine(flags, 'reset', ...outcome.services, ...shared.services, '--volumes')}\`.`,
      );
    }
    for (const kept of selection.kept) say(`Keeping volume ${kept.name}: ${kept.reason}.`);
    volumes = selection.delete;
    if (volumes.length && !(await agreeOnVolumes(flags, services, volumes, await engine.volumeSizes(), say))) {
      say('Nothing was changed.');
      return { ...outcome, cancelled: true };
    }
    if (!volumes.length) say('No volume of this project to delete.');
  }
  const output = reporterFor(false);
  try {
    await withInterrupt((signal) => reset(engine, stack, { services, volumes, timeoutMs: flags.timeout * 1000, signal }, output.reporter));
  } finally {
    await output.finish();
  }
  say(`${stack.name}: reset ${outcome.services.join(', ')}${volumes.length ? ` and deleted ${volumes.map((v) => v.name).join(', ')}` : ''}; ready in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
  return { ...outcome, deletedVolumes: volumes.map((v) => v.name) };
}
