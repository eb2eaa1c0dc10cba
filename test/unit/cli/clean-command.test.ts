import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Leftover } from '../../../src/run/clean.js';
import { capture } from '../support/capture.js';

const projectDir = await mkdtemp(join(tmpdir(), 'devstack-clean-'));
afterAll(() => rm(projectDir, { recursive: true, force: true }));

const leftover: Leftover = { kind: 'container', id: 'c1', name: 'shop-app-1', sizeBytes: 100, why: 'stopped' };
vi.mock('../../../src/cli/load-stack.js', () => ({
  loadStackFromFlags: async () => ({ name: 'shop', projectDir, files: [], services: {}, volumes: {}, secretValues: [] }),
  openEngine: async () => ({}),
}));
vi.mock('../../../src/run/clean.js', () => ({
  findLeftovers: async () => [leftover],
  removeLeftovers: async () => ({ removed: [leftover], kept: [] }),
}));

const { default: Clean } = await import('../../../commands/clean.js');
const root = resolve(import.meta.dirname, '../../..');

describe('devstack clean --json', () => {
  afterEach(() => vi.restoreAllMocks());

  it('ends with one result event on stdout, as the other commands that change a project do; the listing goes to stderr', async () => {
    const stdout = capture(process.stdout);
    const stderr = capture(process.stderr);
    await Clean.run(['--json', '--yes'], root);
    expect(
      stdout()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([{ type: 'result', ok: true, project: 'shop', removed: [leftover], kept: [] }]);
    expect(stderr()).toContain('These objects of shop will be removed');
  });
});
