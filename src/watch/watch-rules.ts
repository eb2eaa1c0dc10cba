import { basename, join, posix, relative, sep } from 'node:path';
import type { ServiceSpec, StackSpec, WatchRule } from '../model/stack.js';
import { dockerignoreLines } from '../build/dockerignore-file.js';
import { isWithin } from '../model/within.js';
import { gitignores, pathFilter, type PathFilter, type PatternSet } from './ignore.js';

/** A rule ready to watch: what it ignores is decided once, when watching starts. */
export interface ActiveRule {
  service: string;
  rule: WatchRule;
  ignored: PathFilter;
  /** True for the rebuild rule a service with build: and no rules of its own gets. */
  implicit: boolean;
}

/**
 * A service with build: and no rules rebuilds on any change to its build context, as a user would expect,
 * except under a folder bind-mounted into the container: the container sees those files already (and its
 * own reload, `node --watch` or Air, picks them up), so a rebuild would only cost downtime.
 */
export function effectiveRules(stack: StackSpec, service: ServiceSpec): WatchRule[] {
  if (service.watch) return service.watch;
  if (!service.build) return [];
  const at = { file: stack.files[0] ?? stack.projectDir, line: 0, column: 0 };
  return [{ action: 'rebuild', path: service.build.context, ignore: [], initialSync: false, at }];
}

export function activeRules(stack: StackSpec, service: string): ActiveRule[] {
  const spec = stack.services[service]!;
  const build = spec.build;
  const contextSet: PatternSet[] = build ? [{ base: build.context, patterns: dockerignoreLines(build.context) }] : [];
  const implicit = spec.watch === undefined;
  return effectiveRules(stack, spec).map((rule) => ({
    service,
    rule,
    implicit,
    // The engine reads the Dockerfile and .dockerignore whatever .dockerignore says, so a change to them always counts.
    ignored: pathFilter(
      rule.path,
      [{ base: rule.path, patterns: rule.ignore }, ...contextSet],
      rule.action === 'rebuild' && build ? [join(build.context, build.dockerfile), join(build.context, '.dockerignore')] : [],
      // The .gitignore files from the project folder down (from the rule's own folder when it lies outside the project).
      [gitignores(isWithin(stack.projectDir, rule.path) ? stack.projectDir : rule.path), ...(implicit ? [mountedFilter(spec)] : [])],
    ),
  }));
}

/**
 * Paths the container already sees through a bind mount. A dependency manifest still counts: a mounted
 * package.json does not install its new dependencies, the image's build step does.
 */
function mountedFilter(service: ServiceSpec): PathFilter {
  const sources = service.volumes.flatMap((mount) => (mount.type === 'bind' ? [mount.source] : []));
  return (absPath, isDir) => sources.some((source) => isWithin(source, absPath)) && (isDir || !MANIFESTS.has(basename(absPath)));
}

/** True when the path is the rule's path or lies below it. */
export function covers(rule: WatchRule, path: string): boolean {
  return isWithin(rule.path, path);
}

/** Where a host path lands in the container under a sync rule. */
export function targetOf(rule: WatchRule, path: string): string {
  const rel = relative(rule.path, path).split(sep).join('/');
  return rel ? posix.join(rule.target!, rel) : rule.target!;
}

/** Files whose change means new dependencies: copying them does not install anything, so they rebuild. */
const MANIFESTS = new Set([
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'go.mod',
  'go.sum',
  'requirements.txt',
  'poetry.lock',
  'Pipfile.lock',
  'uv.lock',
  'Gemfile.lock',
  'Cargo.lock',
  'composer.lock',
]);

export interface SyncStep {
  rule: WatchRule;
  /** Host paths under the rule, sorted. */
  paths: string[];
}

export type BatchPlan =
  | { action: 'none' }
  | { action: 'rebuild'; paths: string[]; reason: string }
  | { action: 'sync'; paths: string[]; syncs: SyncStep[]; restart: boolean; execs: WatchRule[] };

/**
 * What one batch of changed paths means for a service. Rebuild wins: a new image carries every change.
 * Otherwise each sync rule copies its own files, then one restart and each exec command run once.
 */
export function planBatch(rules: ActiveRule[], changed: string[], canBuild: boolean): BatchPlan {
  const matched = new Map<ActiveRule, string[]>();
  for (const path of [...new Set(changed)].sort()) {
    for (const active of rules) {
      if (!covers(active.rule, path) || isIgnored(active, path)) continue;
      matched.set(active, [...(matched.get(active) ?? []), path]);
    }
  }
  if (matched.size === 0) return { action: 'none' };
  const all = [...new Set([...matched.values()].flat())].sort();
  const rebuild = [...matched.keys()].find((a) => a.rule.action === 'rebuild');
  if (rebuild) return { action: 'rebuild', paths: all, reason: 'rebuild rule' };
  const manifest = all.find((path) => MANIFESTS.has(path.split(/[\\/]/).pop()!));
  if (manifest && canBuild) return { action: 'rebuild', paths: all, reason: `${manifest.split(/[\\/]/).pop()} changed` };
  const syncRules = [...matched.entries()];
  return {
    action: 'sync',
    paths: all,
    syncs: syncRules.map(([active, paths]) => ({ rule: active.rule, paths })),
    restart: syncRules.some(([active]) => active.rule.action === 'sync+restart'),
    execs: syncRules.filter(([active]) => active.rule.action === 'sync+exec').map(([active]) => active.rule),
  };
}

/** A path is ignored when it, or any folder between the rule's root and it, is. */
export function isIgnored(active: ActiveRule, path: string): boolean {
  if (active.ignored(path, false)) return true;
  const rel = relative(active.rule.path, path);
  if (!rel) return false;
  const parts = rel.split(sep);
  for (let i = 1; i < parts.length; i += 1) if (active.ignored(join(active.rule.path, ...parts.slice(0, i)), true)) return true;
  return false;
}
