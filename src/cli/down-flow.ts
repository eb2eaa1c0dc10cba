import { down, type DownResult } from '../run/down.js';
import { planVolumeReset } from '../run/reset.js';
import { agreeOnVolumes } from './agree-volumes.js';
import { changing } from './changing.js';
import { commandLine } from './command-line.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { reporterFor } from './reporter-for.js';
import type { StackSpec } from '../model/stack.js';
import { printResult } from './result-event.js';
import { say } from '../ui/output.js';

export interface DownFlags extends StackFlags {
  json: boolean;
  /** False for --no-lock-wait: fail at once when another command is changing the project. */
  'lock-wait': boolean;
  volumes: boolean;
  yes: boolean;
}

type DownOutcome = DownResult & { removedVolumes: string[]; cancelled: boolean };

export async function runDown(flags: DownFlags): Promise<DownOutcome> {
  const stack = await loadStackFromFlags(flags);
  return downStack(stack, flags);
}

async function downStack(stack: StackSpec, flags: DownFlags): Promise<DownOutcome> {
  const engine = await openEngine();
  // The same selection as reset --volumes: only volumes labelled with this project and this directory.
  const selection = flags.volumes ? await planVolumeReset(engine, stack, []) : { delete: [], kept: [], sharedWith: [] };
  for (const kept of selection.kept) say(`Keeping volume ${kept.name}: ${kept.reason}.`);
  const volumes = selection.delete;
  if (volumes.length) {
    const agreed = await agreeOnVolumes(volumes, await engine.volumeSizes(), {
      yes: flags.yes,
      command: 'down --volumes',
      again: commandLine(flags, 'down', '--volumes', '--yes'),
    });
    if (!agreed) {
      say('Nothing was changed.');
      return { removedContainers: [], removedNetwork: false, removedVolumes: [], cancelled: true };
    }
  }
  const output = reporterFor(flags.json);
  try {
    const result = await changing(stack, flags['lock-wait'], async () => {
      const removed = await down(engine, stack, output.reporter);
      for (const volume of volumes) {
        await engine.removeVolume(volume.name);
        output.reporter({ type: 'resource', kind: 'volume', name: volume.name, action: 'removed' });
      }
      return { ...removed, removedVolumes: volumes.map((v) => v.name), cancelled: false };
    });
    await output.finish();
    const kept = flags.volumes
      ? result.removedVolumes.length
        ? `; deleted ${result.removedVolumes.join(', ')}`
        : '; no volume of this project to delete'
      : '; volumes kept';
    if (output.json) printResult({ project: stack.name, ...result });
    else if (!result.removedContainers.length && !result.removedNetwork && !result.removedVolumes.length)
      say(`Nothing to remove: ${stack.name} has no containers${flags.volumes ? ' or volumes' : ''}.`);
    else say(`${stack.name}: removed ${result.removedContainers.length} containers${result.removedNetwork ? ' and the network' : ''}${kept}.`);
    return result;
  } finally {
    await output.finish();
  }
}
