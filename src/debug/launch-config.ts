import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';
import type { Runtime } from './runtime.js';

export interface AttachTarget {
  service: string;
  runtime: Runtime;
  host: string;
  port: number;
  /** As VS Code reads it: `${workspaceFolder}/src` or an absolute path. */
  localRoot: string;
  remoteRoot: string;
}

export type LaunchConfiguration = Record<string, unknown> & { name: string; type: string; request: string };

export function configurationName(service: string, runtime: Runtime): string {
  return `devstack: ${service} (${runtime})`;
}

/** Pure: VS Code's attach configuration for a debugger listening on host:port. */
export function attachConfiguration(t: AttachTarget): LaunchConfiguration {
  const name = configurationName(t.service, t.runtime);
  switch (t.runtime) {
    case 'node':
      return {
        name,
        type: 'node',
        request: 'attach',
        address: t.host,
        port: t.port,
        localRoot: t.localRoot,
        remoteRoot: t.remoteRoot,
        restart: true,
        skipFiles: ['<node_internals>/**'],
      };
    case 'python':
      return {
        name,
        type: 'debugpy',
        request: 'attach',
        connect: { host: t.host, port: t.port },
        pathMappings: [{ localRoot: t.localRoot, remoteRoot: t.remoteRoot }],
        justMyCode: true,
      };
    case 'go':
      return { name, type: 'go', request: 'attach', mode: 'remote', host: t.host, port: t.port, substitutePath: [{ from: t.localRoot, to: t.remoteRoot }] };
    case 'java':
      return { name, type: 'java', request: 'attach', hostName: t.host, port: t.port };
  }
}

export class LaunchJsonError extends Error {}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/**
 * Pure: launch.json text with the configuration written in: replacing the one of the same name in place,
 * else appended. Everything else (the user's entries, comments, trailing commas) stays as written.
 */
export function mergeLaunchJson(text: string | undefined, config: LaunchConfiguration): string {
  if (text === undefined || !text.trim()) {
    return `${JSON.stringify({ version: '0.2.0', configurations: [config] }, null, 2)}\n`;
  }
  const errors: ParseError[] = [];
  const tree = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
  if (errors.length || !tree || typeof tree !== 'object' || Array.isArray(tree)) {
    throw new LaunchJsonError('it is not a JSON object (with comments)');
  }
  const existing = (tree as { configurations?: unknown }).configurations;
  if (existing !== undefined && !Array.isArray(existing)) throw new LaunchJsonError('its "configurations" is not a list');
  let out = text;
  if ((tree as { version?: unknown }).version === undefined) out = applyEdits(out, modify(out, ['version'], '0.2.0', FORMAT));
  if (!existing) return applyEdits(out, modify(out, ['configurations'], [config], FORMAT));
  const index = existing.findIndex((c) => c && typeof c === 'object' && (c as { name?: unknown }).name === config.name);
  const edits =
    index >= 0
      ? modify(out, ['configurations', index], config, FORMAT)
      : modify(out, ['configurations', existing.length], config, { ...FORMAT, isArrayInsertion: true });
  return applyEdits(out, edits);
}
