import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Reporter } from '../../../src/run/events.js';
import { service, stack } from '../support/stack.js';
import { capture } from '../support/capture.js';
import { stdoutIsTerminal } from '../support/terminal.js';

const projectDir = await mkdtemp(join(tmpdir(), 'devstack-build-'));
afterAll(() => rm(projectDir, { recursive: true, force: true }));
const build = { context: projectDir, dockerfile: 'Dockerfile', args: {}, labels: {} };

vi.mock('../../../src/cli/load-stack.js', () => ({
  loadStackFromFlags: async () => stack([service('api', { build, image: 'demo-api' })], { projectDir }),
  openEngine: async () => ({}),
}));
vi.mock('../../../src/build/build-images.js', () => ({
  servicesToBuild: () => ['api'],
  buildImages: async (_engine: unknown, _stack: unknown, _services: string[], _request: unknown, report: Reporter) => {
    report({ type: 'output', service: 'api', line: '#5 [2/2] RUN npm ci' });
    report({ type: 'output', service: 'api', line: 'added 212 packages in 3s' });
    return [];
  },
}));
const { runBuild } = await import('../../../src/cli/build-flow.js');

const flags = { services: [], 'no-cache': false, pull: false, json: false, 'lock-wait': true };

describe('build output', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('keeps every line of the build on a terminal that draws no task tree (TERM=dumb), as in plain output', async () => {
    const restore = stdoutIsTerminal();
    vi.stubEnv('TERM', 'dumb');
    vi.stubEnv('CI', '');
    capture(process.stdout);
    const stderr = capture(process.stderr);
    await runBuild(flags).finally(restore);
    expect(stderr()).toContain('api | added 212 packages in 3s');
  });
});
