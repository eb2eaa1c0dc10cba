import { down, type DownResult } from '../run/down.js';
import { withInterrupt } from './interrupt.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './context.js';
import { reporterFor } from './reporter-for.js';

export async function runDown(flags: StackFlags & { json: boolean }, say: (line: string) => void): Promise<DownResult> {
  const stack = await loadStackFromFlags(flags);
  const engine = await openEngine();
  const output = reporterFor(flags.json);
  try {
    const result = await withInterrupt(() => down(engine, stack, output.reporter));
    await output.finish();
    if (output.json) process.stdout.write(`${JSON.stringify({ type: 'result', project: stack.name, ...result })}\n`);
    else if (!result.removedContainers.length && !result.removedNetwork) say(`Nothing to remove: ${stack.name} has no containers.`);
    else say(`${stack.name}: removed ${result.removedContainers.length} containers${result.removedNetwork ? ' and the network' : ''}; volumes kept.`);
    return result;
  } finally {
    await output.finish();
  }
}
