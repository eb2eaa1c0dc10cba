import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runConfig } from '../../../src/cli/config-flow.js';
import { withOutput } from '../../../src/ui/output.js';
import { capture } from '../support/capture.js';
import { stdoutIsTerminal } from '../support/terminal.js';

const dir = await mkdtemp(join(tmpdir(), 'devstack-config-flow-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
await writeFile(join(dir, 'devstack.yml'), 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: s3cret-pw-1234\n');

const flags = { file: [join(dir, 'devstack.yml')], format: 'yaml' as const, mask: false };
const WARNING = 'warning: --no-mask prints secrets in clear';

describe('config --no-mask', () => {
  afterEach(() => vi.restoreAllMocks());

  it('warns when the clear text lands on a screen, and prints it', async () => {
    const restore = stdoutIsTerminal();
    const stdout = capture(process.stdout);
    const stderr = capture(process.stderr);
    await runConfig(flags).finally(restore);
    expect(stderr()).toContain(WARNING);
    expect(stdout()).toContain('POSTGRES_PASSWORD: s3cret-pw-1234');
  });

  it('says nothing more when the output goes to a file or a pipe, or to a dashboard page', async () => {
    const stderr = capture(process.stderr);
    capture(process.stdout);
    await runConfig(flags);
    const restore = stdoutIsTerminal();
    const page: string[] = [];
    await withOutput({ print: (text) => page.push(text), progress: (line) => page.push(line) }, () => runConfig(flags)).finally(restore);
    expect(stderr()).not.toContain(WARNING);
    expect(page.join('')).toContain('POSTGRES_PASSWORD: s3cret-pw-1234');
    expect(page.join('')).not.toContain(WARNING);
  });
});
