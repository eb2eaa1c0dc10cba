import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StackSpec } from '../model/stack.js';
import type { Context } from './context.js';
import { parseDotenv } from './dotenv.js';
import { locateStackFiles } from './locate.js';
import { mergeTrees } from './merge.js';
import { applyMode, DEFAULT_MODE, modeOverlay } from './modes.js';
import { fileLevel, Problems } from './problems.js';
import { profileRefs } from './profiles.js';
import { readText } from './read-file.js';
import { secretValues } from './secrets.js';
import { loadSource, type Source } from './sources.js';
import { readStack } from './stack.js';
import type { MapNode } from './tree.js';

export interface LoadOptions {
  /** Where the command runs. */
  cwd: string;
  /** `-f FILE`, repeatable; default: the first of devstack.yml, devstack.yaml, compose.yaml, … in cwd. */
  files?: string[];
  /** `-p`; else top-level `name:`, else the project folder's name normalised to [a-z0-9_-]. */
  projectName?: string;
  env: Record<string, string | undefined>;
  /** Absolute path of the repository's profiles/ folder. */
  builtinProfilesDir: string;
  /** `--mode`: the `x-devstack.modes` overlay to merge last; default `dev`. */
  mode?: string;
}

/**
 * Reads, interpolates, merges and validates a stack. Throws only ConfigError, carrying every problem found.
 * Files that cannot be read or parsed stop the load before validation, whose findings would only be noise.
 */
export async function loadStack(options: LoadOptions): Promise<StackSpec> {
  const problems = new Problems();
  const files = await locateStackFiles(options.cwd, options.files, problems);
  problems.throwIfAny();
  const projectDir = dirname(files[0]!);
  const dotenv = await readDotenv(join(projectDir, '.env'), problems);
  // DEVSTACK_PROJECT_DIR lets a profile name paths in the project (its init scripts, its source), not beside itself.
  const builtins: Record<string, string> = { DEVSTACK_PROJECT_DIR: projectDir };
  const lookup = (name: string) =>
    (Object.hasOwn(options.env, name) ? options.env[name] : undefined) ?? (Object.hasOwn(dotenv, name) ? dotenv[name] : undefined) ?? builtins[name];
  const ctx: Context = { problems, lookup, home: options.env.HOME ?? homedir() };

  const projects = await Promise.all(
    files.map((file) =>
      loadSource(file, projectDir, 'project', ctx, () => problems.add(fileLevel(file), '', `stack file not found: ${file}`, `check the path given to -f; it is relative to ${options.cwd}`)),
    ),
  );
  const loaded = projects.filter((source): source is Source => source !== undefined);
  const { refs, complete } = await profileRefs(loaded, options.builtinProfilesDir, ctx);
  const profiles = await Promise.all(
    refs.map((ref) =>
      loadSource(ref.file, dirname(ref.file), 'profile', ctx, () =>
        problems.add(ref.at, ref.path, `profile file not found: ${ref.file}`, 'a profile path is relative to the file that lists it'),
      ),
    ),
  );
  const sources = [...profiles, ...projects];
  const ordered = sources.filter((source): source is Source => source !== undefined);
  if (!complete || ordered.length < sources.length) problems.throwIfAny();

  const merged = ordered.map((source) => source.tree).reduce((base, over) => mergeTrees(base, over) as MapNode);
  const overlay = modeOverlay(merged, options.mode ?? DEFAULT_MODE, files[0]!, ctx);
  const withMode = overlay.tree ? (mergeTrees(merged, overlay.tree) as MapNode) : merged;
  const stack = applyMode(await readStack(withMode, { projectName: options.projectName, projectDir, files: ordered.map((source) => source.file) }, ctx), overlay);
  problems.throwIfAny();
  return { ...stack, secretValues: secretValues(Object.values(dotenv), Object.values(stack.services)) };
}

async function readDotenv(file: string, problems: Problems): Promise<Record<string, string>> {
  const read = await readText(file, problems);
  if (!read.ok) return {};
  const values: Record<string, string> = {};
  for (const { key, value } of parseDotenv(read.text, file, problems)) if (value !== undefined) values[key] = value;
  return values;
}
