import { readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import dockerignore from '@balena/dockerignore';

/**
 * Folders no rule watches unless it names them (its path is inside one): dependencies, VCS data, build
 * output and our own state. A rule never descends into them, so they cost no inotify watch either.
 */
export const NEVER_WATCHED = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.devstack',
  'dist',
  'build',
  'target',
  'out',
  '__pycache__',
  '.venv',
  '.next',
  '.nuxt',
  '.pytest_cache',
  '.mypy_cache',
  '.gradle',
  'coverage',
]);

/** Files editors write beside the real one while saving (vim's 4913 probe, swap and backup files, emacs locks). */
const EDITOR_FILE = /(^|\/)(4913|\.#[^/]*|[^/]*~|[^/]*\.sw[a-p]|\.DS_Store)$/;

/** Patterns applied below one folder, in .dockerignore syntax. */
export interface PatternSet {
  base: string;
  patterns: string[];
}

interface Compiled {
  base: string;
  matcher: { ignores(path: string): boolean };
  /** With a `!` exception a folder may hold a kept file, so only files are judged, never whole folders. */
  prunes: boolean;
}

export type PathFilter = (absPath: string, isDir: boolean) => boolean;

/** gitignore anchors a pattern only when it has a slash; .dockerignore always anchors at its root. */
export function gitignoreToDockerignore(lines: string[]): string[] {
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    let body = (negated ? line.slice(1) : line).replace(/\/+$/, '');
    if (!body) continue;
    if (body.startsWith('/')) body = body.slice(1);
    else if (!body.includes('/')) body = `**/${body}`;
    out.push(`${negated ? '!' : ''}${body}`);
  }
  return out;
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/);
  } catch {
    return [];
  }
}

function compile(set: PatternSet): Compiled {
  const patterns = set.patterns.map((p) => p.trim()).filter((p) => p && !p.startsWith('#'));
  return { base: set.base, matcher: dockerignore.default({ ignorecase: false }).add(patterns), prunes: !patterns.some((p) => p.startsWith('!')) };
}

function relativeTo(base: string, path: string): string | undefined {
  const rel = relative(base, path);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) return undefined;
  return rel.split(sep).join('/');
}

/**
 * What a rule rooted at `root` leaves out. A folder is reported ignored only when nothing below it can
 * be wanted, so the watcher may skip it whole; `keep` paths (a build's Dockerfile) are never ignored.
 */
export function pathFilter(root: string, sets: PatternSet[], keep: string[] = [], more: PathFilter[] = []): PathFilter {
  const compiled = sets.filter((s) => s.patterns.length).map(compile);
  const kept = new Set(keep);
  return (absPath, isDir) => {
    if (kept.has(absPath)) return false;
    const rel = relativeTo(root, absPath);
    if (rel === undefined) return false;
    const segments = rel.split('/');
    const names = isDir ? segments : segments.slice(0, -1);
    if (names.some((name) => NEVER_WATCHED.has(name))) return true;
    if (!isDir && EDITOR_FILE.test(basename(absPath))) return true;
    const matched = compiled.some((c) => {
      if (isDir && !c.prunes) return false;
      const inner = relativeTo(c.base, absPath);
      return inner !== undefined && c.matcher.ignores(inner);
    });
    return matched || more.some((filter) => filter(absPath, isDir));
  };
}

/**
 * Every .gitignore from `top` down to a path's folder, as git reads them: each one read once and
 * matched relative to its own folder (a nested `src/.gitignore` with `*.gen.ts` speaks for src only).
 */
export function gitignores(top: string): PathFilter {
  const cache = new Map<string, Compiled | null>();
  const at = (dir: string): Compiled | null => {
    let found = cache.get(dir);
    if (found === undefined) {
      const patterns = gitignoreToDockerignore(readLines(join(dir, '.gitignore')));
      found = patterns.length ? compile({ base: dir, patterns }) : null;
      cache.set(dir, found);
    }
    return found;
  };
  return (absPath, isDir) => {
    const rel = relativeTo(top, absPath);
    if (rel === undefined) return false;
    const parts = rel.split('/');
    let dir = top;
    for (let i = 0; i < parts.length; i += 1) {
      const rules = at(dir);
      if (rules && (rules.prunes || !isDir) && rules.matcher.ignores(parts.slice(i).join('/'))) return true;
      dir = join(dir, parts[i]!);
    }
    return false;
  };
}
