import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { StackSpec } from '../model/stack.js';
import type { Context, UnsupportedKey } from './read-context.js';
import { parseDotenv } from './dotenv.js';
import { expandDotenv } from './dotenv-expand.js';
import { locateStackFiles } from './locate.js';
import { enforceUnique, mergeTrees, resolveTags } from './merge.js';
import { applyMode, DEFAULT_MODE, modeOverlay } from './modes.js';
import { fileLevel, Problems } from './problems.js';
import { profileRefs } from './profiles.js';
import { readText } from './read-file.js';
import { secretValues } from './secret-values.js';
import { activeServiceProfiles, selectServices } from './service-profiles.js';
import { reportUnsupported, warnUnsupported } from './unsupported.js';
import { loadSource, type Source } from './sources.js';
import { readStack } from './read-stack.js';
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
  /** `--env-file`, repeatable, relative to cwd; default: `.env` in the project dir. */
  envFiles?: string[];
  /** Service profiles to enable: `--profile`, repeatable; `COMPOSE_PROFILES` adds to them. */
  serviceProfiles?: string[];
  /** `--allow-unset`: an unset `${VAR}` becomes "" as in Compose. */
  allowUnset?: boolean;
  /** `--strict`: Compose keys devstack does not support are errors, not a warning. */
  strict?: boolean;
  /** Services named on the command line: enabled whatever their service profiles say. */
  targets?: string[];
  /** Receives the one warning naming unsupported Compose keys. */
  onWarning?: (message: string) => void;
  /** `--mode`: the `x-devstack.modes` overlay to merge last; default `dev`. */
  mode?: string;
}

/**
 * Reads, interpolates, merges and validates a stack. Throws only ConfigError, carrying every problem found.
 * Files that cannot be read or parsed stop the load before validation, whose findings would only be noise.
 */
export async function loadStack(options: LoadOptions): Promise<StackSpec> {
  const problems = new Problems();
  const envFiles = options.envFiles?.map((file) => resolve(options.cwd, file));
  // COMPOSE_FILE may come from the .env of the folder devstack runs in, as with Compose.
  const early = await readDotenvFiles(envFiles ?? [join(options.cwd, '.env')], options.env, problems, !envFiles);
  problems.throwIfAny();
  const files = await locateStackFiles(options.cwd, options.files, problems, { ...early, ...definedOnly(options.env) });
  problems.throwIfAny();
  const projectDir = dirname(files[0]!);
  const dotenv = envFiles || projectDir === options.cwd ? early : await readDotenvFiles([join(projectDir, '.env')], options.env, problems, true);
  // DEVSTACK_PROJECT_DIR lets a profile name paths in the project (its init scripts, its source), not beside itself.
  const builtins: Record<string, string> = { DEVSTACK_PROJECT_DIR: projectDir };
  const lookup = (name: string) =>
    (Object.hasOwn(options.env, name) ? options.env[name] : undefined) ??
    (Object.hasOwn(dotenv, name) ? dotenv[name] : undefined) ??
    (Object.hasOwn(builtins, name) ? builtins[name] : undefined);
  const unsupported: UnsupportedKey[] = [];
  const ctx: Context = { problems, lookup, home: options.env.HOME ?? homedir(), allowUnset: options.allowUnset ?? false, unsupported };

  const projects = await Promise.all(
    files.map((file) =>
      loadSource(file, projectDir, 'project', ctx, () =>
        problems.add(fileLevel(file), '', `stack file not found: ${file}`, `check the path given to -f; it is relative to ${options.cwd}`),
      ),
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

  const mergeAll = (trees: MapNode[]) => trees.reduce((base, over) => mergeTrees(base, over) as MapNode);
  const project = mergeAll(projects.filter((source): source is Source => source !== undefined).map((source) => source.tree));
  const fromProfiles = profiles.filter((source): source is Source => source !== undefined).map((source) => source.tree);
  const merged = fromProfiles.length > 0 ? (mergeTrees(mergeAll(fromProfiles), project, [], 'replace') as MapNode) : project;
  const overlay = modeOverlay(merged, options.mode ?? DEFAULT_MODE, files[0]!, ctx);
  const withMode = overlay.tree ? (mergeTrees(merged, overlay.tree) as MapNode) : merged;
  const serviceProfiles = activeServiceProfiles(options.serviceProfiles, { COMPOSE_PROFILES: lookup('COMPOSE_PROFILES') });
  const model = selectServices(enforceUnique(resolveTags(withMode) as MapNode), serviceProfiles, ctx, options.targets);
  const projectName = options.projectName ?? lookup('COMPOSE_PROJECT_NAME');
  const meta = {
    projectName: projectName || undefined,
    projectNameFrom: options.projectName === undefined ? 'COMPOSE_PROJECT_NAME' : '-p',
    projectDir,
    files: ordered.map((source) => source.file),
  };
  const stack = applyMode(await readStack(model, meta, ctx), overlay);
  if (options.strict) reportUnsupported(unsupported, problems);
  problems.throwIfAny();
  if (!options.strict) warnUnsupported(unsupported, options.onWarning);
  return { ...stack, secretValues: secretValues(dotenv, Object.values(stack.services)) };
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** `.env` (optional: absent is fine) or `--env-file`s (each must exist), later files winning. */
async function readDotenvFiles(
  files: string[],
  env: Record<string, string | undefined>,
  problems: Problems,
  optional: boolean,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const file of files) {
    const read = await readText(file, problems);
    if (!read.ok) {
      if (read.missing && !optional)
        problems.add(fileLevel(file), '--env-file', `env file not found: ${file}`, 'the path is relative to the folder devstack runs in');
      continue;
    }
    Object.assign(
      values,
      expandDotenv(
        parseDotenv(read.text, file, problems),
        (name) => (Object.hasOwn(env, name) ? env[name] : undefined) ?? (Object.hasOwn(values, name) ? values[name] : undefined),
        file,
        problems,
      ),
    );
  }
  return values;
}
