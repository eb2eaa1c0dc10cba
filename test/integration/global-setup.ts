import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testDocker } from './test-docker.js';
import { testEngine, useTestEngine } from './engine-under-test.js';

const root = resolve(import.meta.dirname, '../..');

/**
 * Builds a private copy of the CLI for this run, so that a rebuild elsewhere (another suite, `npm run
 * build` in a terminal) cannot pull files out from under the tests. The tests run it as a user would.
 */
function buildPrivateCli(): string {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-cli-'));
  execFileSync(process.execPath, [join(root, 'scripts/bundle.mjs'), dir], { stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'scripts/bundle-dashboard.mjs'), dir], { stdio: 'inherit' });
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  cpSync(join(root, 'bin'), join(dir, 'bin'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(root, 'profiles'), join(dir, 'profiles'));
  execFileSync(join(root, 'node_modules/.bin/oclif'), ['manifest'], { cwd: dir, stdio: 'ignore' });
  return dir;
}

/**
 * Integration tests need a real engine. Without one they fail here, loudly, instead of passing by
 * skipping: `npm run test:all` provisions one first.
 */
export default async function setup(): Promise<() => void> {
  const engine = testEngine();
  const stopAgent = useTestEngine(engine);
  try {
    await testDocker().ping();
  } catch (error) {
    stopAgent();
    throw new Error(
      `Integration tests need a Docker engine and the ${engine} engine (${process.env.DOCKER_HOST ?? 'the default socket'}) did not answer (${(error as Error).message}). ` +
        (engine === 'sandbox'
          ? 'Run `npm run test:all`, which provisions the sandbox engine, or start Docker.'
          : `Run \`npm run engine -- --${engine}\` first.`),
    );
  }
  const cli = buildPrivateCli();
  process.env.DEVSTACK_TEST_CLI = join(cli, 'bin/run.js');
  return () => {
    stopAgent();
    rmSync(cli, { recursive: true, force: true });
  };
}
