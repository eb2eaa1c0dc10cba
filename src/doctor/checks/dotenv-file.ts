import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DoctorInputs } from '../inputs.js';
import { fail, ok, warn, type Outcome } from '../outcome.js';

/** True when git tracks the file; false outside a repository or without git. */
function trackedByGit(dir: string, name: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('git', ['ls-files', '--error-unmatch', '--', name], { cwd: dir, timeout: 2000 }, (error) => resolve(!error));
  });
}

/** .env holds secrets: it must not be committed, nor readable by every user of the machine. */
export async function checkDotenvFile(inputs: DoctorInputs): Promise<Outcome[]> {
  const file = join(inputs.projectDir, '.env');
  const info = await stat(file).catch(() => undefined);
  if (!info) return [ok('dotenv', 'no .env file')];
  const outcomes: Outcome[] = [];
  if (await trackedByGit(inputs.projectDir, '.env'))
    outcomes.push(
      fail(
        'dotenv',
        '.env is tracked by git, so its secrets are in the history',
        'run `git rm --cached .env`, add `.env` to .gitignore, and rotate the secrets it held',
      ),
    );
  if (info.mode & 0o004) outcomes.push(warn('dotenv', `.env is readable by every user (mode ${(info.mode & 0o777).toString(8)})`, 'run `chmod 600 .env`'));
  return outcomes.length ? outcomes : [ok('dotenv', '.env is untracked and private to you')];
}
