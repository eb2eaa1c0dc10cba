import { resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const runDebug = vi.fn();
vi.mock('../../../src/cli/debug-flow.js', () => ({ runDebug: (...args: unknown[]) => runDebug(...args) }));

const { default: Debug } = await import('../../../commands/debug.js');
const root = resolve(import.meta.dirname, '../../..');

describe('devstack debug (the command class)', () => {
  beforeEach(() => runDebug.mockReset().mockResolvedValue({ mode: 'off', service: 'api', wasDebugging: true, action: 'recreate' }));

  it('passes the service and flags to runDebug, with launch.json on by default', async () => {
    await Debug.run(['api', '--runtime', 'go', '--port', '40000', '--wait-for-debugger', '-p', 'demo'], root);
    expect(runDebug).toHaveBeenCalledWith(
      expect.objectContaining({
        service: 'api',
        runtime: 'go',
        port: 40000,
        waitForDebugger: true,
        'lock-wait': true,
        'launch-json': true,
        'project-name': 'demo',
        timeout: 120,
      }),
    );
    await Debug.run(['api', '--off', '--no-launch-json'], root);
    expect(runDebug).toHaveBeenLastCalledWith(expect.objectContaining({ off: true, 'launch-json': false }));
  });

  it('still takes the old --wait for the debugger, one release, with a notice naming the new flag', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await Debug.run(['api', '--wait'], root);
      expect(runDebug).toHaveBeenCalledWith(expect.objectContaining({ waitForDebugger: true, 'lock-wait': true }));
      expect(write.mock.calls.map(([text]) => String(text)).join('')).toContain('notice: --wait is now --wait-for-debugger');
    } finally {
      write.mockRestore();
    }
  });

  it('refuses an unknown runtime and --off with --wait, before anything runs', async () => {
    const exitCode = process.exitCode;
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await Debug.run(['api', '--runtime', 'ruby'], root);
      expect(process.exitCode).toBe(2);
      process.exitCode = exitCode;
      await Debug.run(['api', '--off', '--wait'], root);
      expect(process.exitCode).toBe(2);
      expect(runDebug).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
      process.exitCode = exitCode;
    }
  });
});
