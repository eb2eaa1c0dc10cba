import { describe, expect, it } from 'vitest';
import { closestCommand } from '../../../src/cli/closest-command.js';

describe('closestCommand', () => {
  const ids = ['status', 'stop', 'shell', 'snapshot:restore', 'snapshot:save'];

  it('finds the command a transposition or a dropped letter came from', () => {
    expect(closestCommand('stauts', ids)).toBe('status');
    expect(closestCommand('shel', ids)).toBe('shell');
    expect(closestCommand('snapshot:restor', ids)).toBe('snapshot:restore');
  });

  it('suggests nothing when no command is known', () => {
    expect(closestCommand('up', [])).toBeUndefined();
  });
});
