import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerfileTarget, stageNames } from '../lint/dockerfile/target.js';
import type { Runtime } from './detect-runtime.js';
import { airConfig, dockerfile } from './write-dockerfile.js';
import { goMain, nodeEntry, pythonCommand, type Entry } from './entry.js';

/** What `init` writes for the app service so that `devstack up` starts it as the project is. */
export interface AppPlan {
  /** Written over the app profile's service in devstack.yml. */
  overrides: Record<string, unknown>;
  /** Files the stack needs that the project lacks; never written over an existing one. */
  files: Record<string, string>;
  /** Lines for the person: what was found, and what is theirs to do. */
  notes: string[];
}

/** The profile's defaults, which need no override when the project already fits them. */
const DEFAULTS: Record<Runtime, string> = { node: 'src/index.js', go: '.', python: 'python -m app' };
const FALLBACK: Record<Runtime, string> = { node: 'src/index.js', go: '.', python: 'python -m app' };

function entryOf(runtime: Runtime, dir: string): Entry | undefined {
  return runtime === 'node' ? nodeEntry(dir) : runtime === 'go' ? goMain(dir) : pythonCommand(dir);
}

/** A Dockerfile without the stage the profile builds fails at `up`; said now instead. */
function hasDevStage(file: string): boolean {
  return stageNames(dockerfileTarget(file, readFileSync(file, 'utf8'), [])).includes('dev');
}

/** Node's profile mounts src/ only: a script elsewhere is mounted with its folder, or not at all at the top. */
function nodeOverrides(entry: string): { overrides: Record<string, unknown>; notes: string[] } {
  if (entry === DEFAULTS.node) return { overrides: {}, notes: [] };
  const command = ['node', '--watch', entry];
  const folder = entry.includes('/') ? entry.split('/')[0]! : undefined;
  if (folder === 'src') return { overrides: { command }, notes: [] };
  if (folder) return { overrides: { command, volumes: [`\${DEVSTACK_PROJECT_DIR}/${folder}:/app/${folder}:ro`] }, notes: [] };
  return {
    overrides: { command, volumes: [] },
    notes: [
      `${entry} is at the top of the project, which is not mounted (a mount there would hide the image's node_modules): \`devstack watch\` rebuilds on each save. Move the code under src/ to have node --watch reload it instead.`,
    ],
  };
}

export function appPlan(runtime: Runtime, dir: string, files: string[]): AppPlan {
  const found = entryOf(runtime, dir);
  const entry = found?.value ?? FALLBACK[runtime];
  const notes = [
    found
      ? `App entry: ${entry} (from ${found.from}).`
      : `No entry point found; assuming ${entry}: change command: under services.app in devstack.yml if it is elsewhere.`,
  ];
  let overrides: Record<string, unknown> = {};
  if (runtime === 'node') {
    const node = nodeOverrides(entry);
    overrides = node.overrides;
    notes.push(...node.notes);
  } else if (runtime === 'python' && entry !== DEFAULTS.python) overrides = { command: entry.split(' ') };
  const written: Record<string, string> = {};
  if (existsSync(join(dir, 'Dockerfile'))) {
    if (!hasDevStage(join(dir, 'Dockerfile')))
      notes.push(
        `Your Dockerfile has no \`dev\` stage, which the app-${runtime} profile builds: add one (\`FROM … AS dev\`), or set build.target under services.app.`,
      );
  } else written.Dockerfile = dockerfile(runtime, { files, entry });
  if (runtime === 'go' && !existsSync(join(dir, '.air.toml'))) written['.air.toml'] = airConfig(entry);
  notes.push(`The app-${runtime} profile publishes port 8080 (PORT in the environment) and counts the app healthy when GET /healthz answers 200 there.`);
  return { overrides, files: written, notes };
}
