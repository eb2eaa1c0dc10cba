import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import Devcontainer from '../../../commands/devcontainer.js';
import { capture } from '../support/capture.js';

const root = resolve(import.meta.dirname, '../../..');
const TOKEN = 'npm_3f9a7c2e51b84d06';
const dir = await mkdtemp(join(tmpdir(), 'devstack-devcontainer-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
await writeFile(join(dir, 'devstack.yml'), 'name: shop\nservices:\n  app:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: ${NPM_TOKEN}\n');
await writeFile(join(dir, '.env'), `NPM_TOKEN=${TOKEN}\n`);
await writeFile(join(dir, 'Dockerfile'), 'FROM node:20\n');

describe('devstack devcontainer --json', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the file and its settings as one JSON document, masked as every printout is', async () => {
    const stdout = capture(process.stdout);
    capture(process.stderr);
    await Devcontainer.run(['--json', '-f', join(dir, 'devstack.yml')], root);
    const printed = JSON.parse(stdout()) as { file: string; created: boolean; settings: { build: { args: Record<string, string> } } };
    expect(printed).toMatchObject({ file: join(dir, '.devcontainer', 'devcontainer.json'), created: true });
    expect(printed.settings.build.args).toEqual({ NPM_TOKEN: '****' });
    expect(stdout()).not.toContain(TOKEN);
    expect(await readFile(printed.file, 'utf8')).toContain('"name": "shop: app"');
  });
});
