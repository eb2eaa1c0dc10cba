import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDotenv } from '../../config/dotenv.js';
import { Problems } from '../../config/problems.js';
import type { DoctorInputs } from '../inputs.js';
import { ok, warn, type Outcome } from '../outcome.js';

async function keysOf(file: string): Promise<Set<string> | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  // Syntax problems are the loader's to report; here only the keys matter.
  return text === undefined ? undefined : new Set(parseDotenv(text, file, new Problems()).map((e) => e.key));
}

/** .env.example documents what a developer must set; a key missing from .env is a setting nobody made. */
export async function checkEnvExample(inputs: DoctorInputs): Promise<Outcome[]> {
  const example = await keysOf(join(inputs.projectDir, '.env.example'));
  if (!example) return [];
  const actual = await keysOf(join(inputs.projectDir, '.env'));
  // A warning: a required variable that is missing fails the config check by name; the rest have defaults.
  if (!actual) return [warn('env-example', 'there is a .env.example but no .env', 'run `cp .env.example .env` and fill in the values')];
  const missing = [...example].filter((key) => !actual.has(key) && inputs.env[key] === undefined);
  if (missing.length)
    return [
      warn(
        'env-example',
        `.env lacks ${missing.length === 1 ? 'a key' : 'keys'} that .env.example lists: ${missing.join(', ')}`,
        `add ${missing.map((k) => `${k}=`).join(' ')} to .env (see .env.example)`,
      ),
    ];
  return [ok('env-example', `.env has every key of .env.example (${example.size})`)];
}
