import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { locateComposeFile, OVERRIDE_NAMES } from '../config/locate.js';
import { derivedProjectName } from '../config/project-name.js';
import { UsageError } from '../errors.js';
import { importCompose, type ImportResult, type ProfileOffer } from '../import/compose-import.js';
import { writeProjectFiles } from '../init/write-files.js';
import { builtinProfilesDir } from './paths.js';
import { say } from '../ui/output.js';

const PROFILES = ['postgres', 'redis', 'minio', 'prometheus', 'grafana'];

export interface ImportFlags {
  file?: string[];
  force: boolean;
}

/** `devstack import`: the project's Compose file as a devstack.yml that uses built-in profiles where one fits. */
export async function runImport(cwd: string, flags: ImportFlags): Promise<ImportResult & { from: string; written: string }> {
  if ((flags.file?.length ?? 0) > 1)
    throw new UsageError('devstack import reads one Compose file', 'pass -f once; merge override files by hand or keep them as -f files next to devstack.yml');
  const from = flags.file?.[0] ? resolve(cwd, flags.file[0]) : await locateComposeFile(cwd);
  if (!from) throw new UsageError(`no Compose file in ${cwd} (looked for compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml)`, 'pass -f FILE');
  const text = await readFile(from, 'utf8');
  const written = (parse(text) as { name?: unknown } | null)?.name;
  const projectName = typeof written === 'string' ? written : derivedProjectName(dirname(from));
  const result = importCompose(text, await profileOffers(), { projectName });
  // Everything the import changes is said before the file is written.
  for (const r of result.replaced) {
    say(
      `${r.from}: built-in profile ${r.profile}${r.from === r.to ? '' : ` (service renamed to ${r.to})`}${r.kept.length ? `; kept ${r.kept.join(', ')}` : ''}`,
    );
    for (const change of r.changes) say(`  ${change}`);
    for (const mention of r.mentions) say(`  update the host name "${r.from}" to "${r.to}" in ${mention}`);
  }
  for (const h of result.held) say(`${h.service}: kept as written, not replaced by the built-in profile ${h.profile}: ${h.reason}.`);
  const plain = result.kept.filter((name) => !result.held.some((h) => h.service === name));
  if (plain.length) say(`kept as written: ${plain.join(', ')}`);
  await writeProjectFiles(cwd, { 'devstack.yml': result.text }, flags.force);
  const overrides = OVERRIDE_NAMES.filter((name) => existsSync(join(dirname(from), name)));
  if (overrides.length)
    say(`${overrides.join(', ')} is merged over Compose files only, not over devstack.yml: fold it in, or run with -f devstack.yml -f ${overrides[0]}`);
  say(`Wrote devstack.yml from ${basename(from)}. Check it with devstack config, then devstack up.`);
  return { ...result, from, written: join(cwd, 'devstack.yml') };
}

interface ProfileService {
  image: string;
  environment?: Record<string, unknown>;
  volumes?: unknown[];
}

async function profileOffers(): Promise<ProfileOffer[]> {
  return Promise.all(
    PROFILES.map(async (profile) => {
      const doc = parse(await readFile(join(builtinProfilesDir(), `${profile}.yml`), 'utf8')) as {
        services: Record<string, ProfileService>;
        volumes?: Record<string, unknown>;
      };
      const service = Object.keys(doc.services).includes(profile) ? profile : Object.keys(doc.services)[0]!;
      const spec = doc.services[service]!;
      // The profile's data: its mount of a volume it declares (`postgres-data:/var/lib/postgresql/data`).
      const data = (spec.volumes ?? []).flatMap((v) => {
        const [source = '', target = ''] = typeof v === 'string' ? v.split(':') : [];
        return Object.hasOwn(doc.volumes ?? {}, source) ? [{ volume: source, target }] : [];
      })[0];
      return { profile, service, environment: Object.keys(spec.environment ?? {}), image: spec.image, ...(data ? { data } : {}) };
    }),
  );
}
