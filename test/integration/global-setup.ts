import { execFileSync } from 'node:child_process';
import Docker from 'dockerode';

/**
 * Integration tests need a real engine. Without one they fail here, loudly, instead of passing by
 * skipping: `npm run test:all` provisions one first.
 */
export default async function setup(): Promise<void> {
  try {
    await new Docker().ping();
  } catch (error) {
    throw new Error(
      `Integration tests need a Docker engine and none answered (${(error as Error).message}). ` +
        'Run `npm run test:all`, which provisions the sandbox engine, or start Docker.',
    );
  }
  // The tests drive the built CLI, as a user runs it.
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
}
