import { SnapshotFailedError, UsageError } from '../errors.js';
import { planVolumeReset, reset } from '../run/reset.js';
import type { VolumeSelection, VolumeToDelete } from '../run/reset-volumes.js';
import { commandLine } from './command-line.js';
import { agreeOnVolumes } from './agree-volumes.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { changing } from './changing.js';
import { reporterFor } from './reporter-for.js';
import { resolveServices } from './services.js';
import { automaticSnapshot } from './snapshot-flow.js';
import { say } from '../ui/output.js';
import { formatElapsed } from '../model/elapsed.js';

export interface ResetFlags extends StackFlags {
  /** False for --no-lock-wait: fail at once when another command is changing the project. */
  'lock-wait': boolean;
  services: string[];
  volumes: boolean;
  /** False for --no-snapshot: delete volumes without taking the automatic snapshot first. */
  snapshot: boolean;
  yes: boolean;
  timeout: number;
}

export interface ResetOutcome {
  project: string;
  services: string[];
  deletedVolumes: string[];
  /** The automatic snapshot taken first, which `devstack undo` restores. */
  snapshot?: string;
  /** The user said no: nothing was touched. */
  cancelled: boolean;
}

/** reset --volumes refuses to delete a volume that a service it leaves running also mounts (the dashboard asks this before its dialog offers the delete). */
export function sharedVolumeRefusal(flags: StackFlags, services: string[], selection: VolumeSelection): UsageError | undefined {
  const shared = selection.sharedWith[0];
  if (!shared) return undefined;
  return new UsageError(
    `Volume ${shared.name} is also mounted by ${shared.services.join(', ')}, which this reset leaves running`,
    `Reset them together: \`${commandLine(flags, 'reset', ...services, ...shared.services, '--volumes')}\`.`,
  );
}

export async function runReset(flags: ResetFlags): Promise<ResetOutcome> {
  const started = Date.now();
  const stack = await loadStackFromFlags(flags);
  const services = resolveServices(stack, flags.services);
  const engine = await openEngine();
  const outcome: ResetOutcome = {
    project: stack.name,
    services: services.length ? services : Object.keys(stack.services),
    deletedVolumes: [],
    cancelled: false,
  };
  let volumes: VolumeToDelete[] = [];
  if (flags.volumes) {
    const selection = await planVolumeReset(engine, stack, services);
    const refusal = sharedVolumeRefusal(flags, outcome.services, selection);
    if (refusal) throw refusal;
    for (const kept of selection.kept) say(`Keeping volume ${kept.name}: ${kept.reason}.`);
    volumes = selection.delete;
    if (
      volumes.length &&
      !(await agreeOnVolumes(volumes, await engine.volumeSizes(), {
        yes: flags.yes,
        command: 'reset --volumes',
        again: commandLine(flags, 'reset', ...services, '--volumes', '--yes'),
        ...(flags.snapshot ? { undo: 'A snapshot of them is taken first: `devstack undo` brings them back (--no-snapshot skips it).' } : {}),
      }))
    ) {
      say('Nothing was changed.');
      return { ...outcome, cancelled: true };
    }
    if (!volumes.length) say('No volume of this project to delete.');
  }
  const output = reporterFor(false);
  let snapshot: string | undefined;
  try {
    await changing(stack, flags['lock-wait'], async (signal) => {
      if (volumes.length && flags.snapshot) {
        snapshot = await automaticSnapshot(engine, stack, services, signal, flags.timeout * 1000, output.reporter).catch((error: unknown) => {
          if (!(error instanceof SnapshotFailedError)) throw error;
          throw new SnapshotFailedError(
            error.message,
            `Nothing was deleted. Fix the cause, or delete without a snapshot: \`${commandLine(flags, 'reset', ...services, '--volumes', '--no-snapshot')}\`.`,
          );
        });
      }
      return reset(engine, stack, { services, volumes, timeoutMs: flags.timeout * 1000, signal }, output.reporter);
    });
  } finally {
    await output.finish();
  }
  say(
    `${stack.name}: reset ${outcome.services.join(', ')}${volumes.length ? ` and deleted ${volumes.map((v) => v.name).join(', ')}` : ''}; ready in ${formatElapsed(Date.now() - started)}.`,
  );
  return { ...outcome, deletedVolumes: volumes.map((v) => v.name), ...(snapshot ? { snapshot } : {}) };
}
