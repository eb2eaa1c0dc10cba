import { readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InterruptedError, UsageError } from '../errors.js';
import { appPlan } from '../init/app-plan.js';
import { detectRuntime, type Runtime } from '../init/detect-runtime.js';
import { DATA_PROFILES, dockerignore, envExample, stackFile } from '../init/templates.js';
import { writeProjectFiles } from '../init/write-files.js';
import { say } from '../ui/output.js';
import { ask, canAsk } from '../ui/prompt.js';

export interface InitFlags {
  runtime?: Runtime | 'none';
  profiles?: string;
  force: boolean;
}

async function askProfiles(): Promise<string[]> {
  const answer = await ask(`Profiles to include (comma-separated, from ${DATA_PROFILES.join(', ')}) [postgres,redis]: `);
  if (answer === undefined) throw new InterruptedError([], 'Interrupted: nothing was written.', 'Run `devstack init` again, or pass --profiles.');
  return (answer.trim() || 'postgres,redis')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

export async function runInit(dir: string, flags: InitFlags): Promise<{ runtime?: Runtime; profiles: string[]; written: string[] }> {
  const top = await readdir(dir);
  const detected = detectRuntime(top);
  const runtime = flags.runtime === 'none' ? undefined : (flags.runtime ?? detected.runtime);
  if (!flags.runtime)
    say(
      runtime
        ? `Detected ${runtime} (from ${detected.evidence.join(', ')}).`
        : `No single runtime detected${detected.evidence.length ? ` (found ${detected.evidence.join(', ')})` : ''}; pass --runtime to add an app service.`,
    );
  const profiles =
    flags.profiles !== undefined
      ? flags.profiles
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
      : canAsk()
        ? await askProfiles()
        : ['postgres', 'redis'];
  const unknown = profiles.filter((p) => !(DATA_PROFILES as readonly string[]).includes(p));
  if (unknown.length) throw new UsageError(`unknown profile ${unknown.map((p) => `"${p}"`).join(', ')}`, `choose from ${DATA_PROFILES.join(', ')}`);
  const name =
    basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[-_]+/, '') || 'app';
  const app = runtime ? appPlan(runtime, dir, top) : undefined;
  const written = await writeProjectFiles(
    dir,
    {
      'devstack.yml': stackFile(name, runtime, profiles, app?.overrides),
      '.env.example': envExample(runtime, profiles),
      '.dockerignore': dockerignore(runtime),
    },
    flags.force,
  );
  // Only where the project has none: a Dockerfile or Air config of the user's is theirs, --force or not.
  for (const [file, content] of Object.entries(app?.files ?? {})) {
    await writeFile(join(dir, file), content);
    written.push(file);
  }
  for (const note of app?.notes ?? []) say(note);
  say(`Wrote ${written.join(', ')}. Next: devstack up (cp .env.example .env first to change the defaults).`);
  return { ...(runtime ? { runtime } : {}), profiles, written };
}
