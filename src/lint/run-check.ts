import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ServiceSpec } from '../model/stack.js';
import { dockerfileRules } from './dockerfile/dockerfile-rules.js';
import { declaresHealthcheck, dockerfileTarget, type DockerfileTarget } from './dockerfile/target.js';
import { dockerignoreRules } from './dockerignore/dockerignore-rules.js';
import { applyRules, type Finding, type Rule } from './finding.js';
import { loadForCheck } from './load-for-check.js';
import { stackLocator } from './stack/locator.js';
import { stackRules } from './stack/stack-rules.js';
import { withoutSuppressed } from './suppressions.js';
import { classifyPath, contextEntries, readLines, type CheckPath } from './targets.js';

export interface CheckOptions {
  cwd: string;
  paths: string[];
  env: Record<string, string | undefined>;
  builtinProfilesDir: string;
  projectName?: string;
}

export interface CheckResult {
  findings: Finding[];
  /** Every file a rule looked at, for the summary. */
  files: string[];
  /** Variables the stack requires that were not set, checked with a placeholder value. */
  placeholders: string[];
}

export const allRules: Array<Rule<never>> = [...dockerfileRules, ...dockerignoreRules, ...stackRules];

async function checkDockerfile(file: string, services: ServiceSpec[], context = dirname(file)): Promise<{ target: DockerfileTarget; findings: Finding[] }> {
  const target = dockerfileTarget(file, await readFile(file, 'utf8'), services);
  const ignoreFile = join(context, '.dockerignore');
  const lines = await readLines(ignoreFile);
  const ignoreTarget = { dockerfile: file, file: ignoreFile, contextEntries: await contextEntries(context), ...(lines ? { lines } : {}) };
  return { target, findings: [...applyRules(dockerfileRules, target), ...applyRules(dockerignoreRules, ignoreTarget)] };
}

async function checkStack(path: Extract<CheckPath, { kind: 'stack' }>, options: CheckOptions): Promise<CheckResult> {
  const { stack, placeholders } = await loadForCheck({
    cwd: path.dir,
    env: options.env,
    builtinProfilesDir: options.builtinProfilesDir,
    ...(path.files ? { files: path.files } : {}),
    ...(options.projectName ? { projectName: options.projectName } : {}),
  });
  const built = new Map<string, { context: string; services: ServiceSpec[] }>();
  for (const service of Object.values(stack.services)) {
    if (!service.build) continue;
    const file = join(service.build.context, service.build.dockerfile);
    const entry = built.get(file) ?? { context: service.build.context, services: [] };
    entry.services.push(service);
    built.set(file, entry);
  }
  const findings: Finding[] = [];
  const imageHealthchecks = new Set<string>();
  const missingDockerfiles = new Map<string, string>();
  for (const [file, { context, services }] of built) {
    if (!existsSync(file)) {
      for (const s of services) missingDockerfiles.set(s.name, file);
      built.delete(file);
      continue;
    }
    const checked = await checkDockerfile(file, services, context);
    findings.push(...checked.findings);
    if (declaresHealthcheck(checked.target)) for (const s of services) imageHealthchecks.add(s.name);
  }
  findings.push(...applyRules(stackRules, { stack, locate: await stackLocator(stack.files), imageHealthchecks, missingDockerfiles }));
  return { findings, files: [...stack.files, ...built.keys()], placeholders };
}

/** Code-point order, so the output does not depend on the user's locale. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Runs every rule over the paths given (default: the current folder); suppressed findings are dropped. */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const results: CheckResult[] = [];
  for (const raw of options.paths.length ? options.paths : ['.']) {
    const path = await classifyPath(options.cwd, raw);
    if (path.kind === 'stack') results.push(await checkStack(path, options));
    else results.push({ findings: (await checkDockerfile(path.file, [])).findings, files: [path.file], placeholders: [] });
  }
  const findings = await withoutSuppressed(results.flatMap((r) => r.findings));
  findings.sort((a, b) => byText(a.at.file, b.at.file) || a.at.line - b.at.line || a.at.column - b.at.column || byText(a.ruleId, b.ruleId));
  return { findings, files: [...new Set(results.flatMap((r) => r.files))], placeholders: [...new Set(results.flatMap((r) => r.placeholders))] };
}
