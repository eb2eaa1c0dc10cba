import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDotenv } from '../config/dotenv.js';
import { Problems } from '../config/problems.js';

/** The keys the project's .env sets, to say truly where an endpoint's credentials come from. */
export function dotenvKeys(projectDir: string): { keys: Set<string>; present: boolean } {
  const file = join(projectDir, '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { keys: new Set(), present: false };
  }
  // Syntax problems are the loader's to report; the stack loaded, so there are none that matter here.
  return { keys: new Set(parseDotenv(text, file, new Problems()).map((entry) => entry.key)), present: true };
}
