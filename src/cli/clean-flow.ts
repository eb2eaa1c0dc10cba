import { formatBytes } from '../model/bytes.js';
import { ConfirmationRequiredError } from '../errors.js';
import { findLeftovers, removeLeftovers, type Leftover } from '../run/clean.js';
import { renderTable } from '../ui/table.js';
import { changing } from './changing.js';
import { commandLine } from './command-line.js';
import { canAsk, confirm } from '../ui/prompt.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { plainReporter } from '../ui/plain-renderer.js';
import { say } from '../ui/output.js';
import { printResult } from './result-event.js';

export interface CleanFlags extends StackFlags {
  images: boolean;
  volumes: boolean;
  yes: boolean;
  'lock-wait': boolean;
  json?: boolean;
}

export interface CleanResult {
  project: string;
  removed: Leftover[];
  kept: Array<Leftover & { reason: string }>;
}

function listing(items: Leftover[]): string {
  const total = items.reduce((sum, i) => sum + (i.sizeBytes ?? 0), 0);
  const table = renderTable(
    ['KIND', 'NAME', 'SIZE', 'WHY'],
    items.map((i) => [i.kind, i.name, i.sizeBytes === undefined ? '?' : formatBytes(i.sizeBytes), i.why]),
  );
  // Images share layers with one another, so their sizes overlap: the sum is what could be freed at most.
  const images = items.filter((i) => i.kind === 'image').length;
  return `${table}\n${items.length} ${items.length === 1 ? 'object' : 'objects'}, ${images > 1 ? 'up to ' : ''}${formatBytes(total)}${images > 1 ? ' (images share layers)' : ''}.`;
}

/** Lists the project's leftovers with their sizes, asks, and removes them; only objects labelled as this project's. */
export async function runClean(flags: CleanFlags): Promise<CleanResult> {
  const result = await clean(flags);
  if (flags.json) printResult(result);
  return result;
}

async function clean(flags: CleanFlags): Promise<CleanResult> {
  const stack = await loadStackFromFlags(flags);
  const engine = await openEngine();
  return changing(stack, flags['lock-wait'], async () => {
    const leftovers = await findLeftovers(engine, stack, { images: flags.images, volumes: flags.volumes });
    if (!leftovers.length) {
      say(`Nothing to clean: ${stack.name} has no stopped containers, unused images${flags.volumes ? ' or unused volumes' : ''}.`);
      return { project: stack.name, removed: [], kept: [] };
    }
    say(`These objects of ${stack.name} will be removed:\n${listing(leftovers)}`);
    if (!flags.yes) {
      if (!canAsk()) {
        throw new ConfirmationRequiredError(
          `clean would remove ${leftovers.length} ${leftovers.length === 1 ? 'object' : 'objects'} and there is no terminal to confirm it; nothing was changed`,
          `Run \`${commandLine(flags, 'clean', ...(flags.images ? ['--images'] : []), ...(flags.volumes ? ['--volumes'] : []), '--yes')}\` to remove them.`,
        );
      }
      if (!(await confirm('Remove them?'))) {
        say('Nothing was removed.');
        return { project: stack.name, removed: [], kept: [] };
      }
    }
    const result = await removeLeftovers(engine, leftovers, flags.json ? () => undefined : plainReporter((line) => say(line.replace(/^\S+ /, ''))));
    const freed = result.removed.reduce((sum, i) => sum + (i.sizeBytes ?? 0), 0);
    say(
      `Removed ${result.removed.length} ${result.removed.length === 1 ? 'object' : 'objects'} (${result.removed.filter((i) => i.kind === 'image').length > 1 ? 'up to ' : ''}${formatBytes(freed)})${result.kept.length ? `; kept ${result.kept.length} the engine would not remove` : ''}.`,
    );
    return { project: stack.name, ...result };
  });
}
