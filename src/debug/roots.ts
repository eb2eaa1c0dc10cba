import { relative, isAbsolute, posix, join } from 'node:path';
import type { ServiceSpec, StackSpec } from '../model/stack.js';
import { debugSettings } from './runtime.js';

export interface SourceRoots {
  /** Directory on this machine (absolute). */
  localRoot: string;
  /** The same directory inside the container. */
  remoteRoot: string;
  /** One line: where the mapping came from. */
  reason: string;
}

function inside(parent: string, child: string): string | undefined {
  const rel = posix.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !posix.isAbsolute(rel)) ? rel : undefined;
}

/**
 * Pure: which host directory the debugger's remote root maps to. The remote root is
 * x-devstack.debug.remote_root, else the target of the service's source bind mount, else its working
 * directory; the local root is the bind mount's source, moved up or down to match (breakpoints stay
 * unbound when they disagree, vscode-js-debug#1266).
 */
export function sourceRoots(stack: StackSpec, service: ServiceSpec, imageWorkingDir?: string): SourceRoots {
  const binds = service.volumes.filter((m): m is Extract<typeof m, { type: 'bind' }> => m.type === 'bind');
  // The source mount: a bind of something inside the project, the shallowest target first.
  const sources = binds.filter((m) => !relative(stack.projectDir, m.source).startsWith('..')).sort((a, b) => a.target.length - b.target.length);
  const settings = debugSettings(service);
  const remoteRoot = settings.remoteRoot ?? sources[0]?.target ?? service.workingDir ?? imageWorkingDir ?? '/';
  const why = settings.remoteRoot ? 'x-devstack.debug.remote_root' : sources[0] ? 'its source mount' : 'its working directory';
  for (const mount of sources) {
    const down = inside(remoteRoot, mount.target);
    if (down !== undefined && mount.source.endsWith(down)) {
      // remote_root /app, mount ./src:/app/src → /app is the directory above ./src.
      return {
        localRoot: down ? mount.source.slice(0, mount.source.length - down.length).replace(/\/$/, '') : mount.source,
        remoteRoot,
        reason: `${why}, mount ${mount.source}:${mount.target}`,
      };
    }
    const up = inside(mount.target, remoteRoot);
    if (up !== undefined) return { localRoot: join(mount.source, up), remoteRoot, reason: `${why}, mount ${mount.source}:${mount.target}` };
  }
  return { localRoot: stack.projectDir, remoteRoot, reason: `${why}; no source mount, so the project directory` };
}

/** `${workspaceFolder}/…` when the directory is inside the project (where .vscode/ lives), else absolute. */
export function workspacePath(projectDir: string, dir: string): string {
  const rel = relative(projectDir, dir);
  if (rel === '') return '${workspaceFolder}';
  return rel.startsWith('..') || isAbsolute(rel) ? dir : `\${workspaceFolder}/${rel.split('\\').join('/')}`;
}
