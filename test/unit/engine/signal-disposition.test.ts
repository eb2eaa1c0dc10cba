import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { catchesSignal } from '../../../src/engine/signal-disposition.js';

const children: Array<ReturnType<typeof spawn>> = [];
afterEach(() => children.splice(0).forEach((c) => c.kill('SIGKILL')));

async function started(script: string): Promise<number> {
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  await new Promise((resolve) => child.stdout!.once('data', resolve));
  return child.pid!;
}

describe('catchesSignal', () => {
  it('sees a trap for SIGTERM, and its absence', async () => {
    const trapping = await started("trap 'exit 0' TERM; echo ready; while :; do sleep 1; done");
    const plain = await started('echo ready; while :; do sleep 1; done');
    expect(await catchesSignal(trapping, 'SIGTERM')).toBe(true);
    expect(await catchesSignal(plain, 'SIGTERM')).toBe(false);
    expect(await catchesSignal(trapping, 'TERM')).toBe(true);
  });

  it('cannot know for a process that is not there', async () => {
    expect(await catchesSignal(999_999_999, 'SIGTERM')).toBeUndefined();
  });
});
