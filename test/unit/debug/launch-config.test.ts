import { parse } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { attachConfiguration, LaunchJsonError, mergeLaunchJson } from '../../../src/debug/launch-config.js';

const node = attachConfiguration({
  service: 'web',
  runtime: 'node',
  host: '127.0.0.1',
  port: 9229,
  localRoot: '${workspaceFolder}/src',
  remoteRoot: '/app/src',
});

const USERS = `{
  // My own configurations: devstack must not touch these.
  "version": "0.2.0",
  "configurations": [
    {
      "name": "Run tests", // keep this comment
      "type": "node",
      "request": "launch",
      "program": "\${workspaceFolder}/test.js",
    },
    /* a block comment between entries */
  ],
}
`;

describe('mergeLaunchJson', () => {
  it('creates the file when there is none', () => {
    const text = mergeLaunchJson(undefined, node);
    expect(JSON.parse(text)).toEqual({ version: '0.2.0', configurations: [node] });
  });

  it('appends to the user file, keeping their entry, comments and trailing commas', () => {
    const text = mergeLaunchJson(USERS, node);
    for (const kept of [
      '// My own configurations: devstack must not touch these.',
      '"name": "Run tests", // keep this comment',
      '/* a block comment between entries */',
      '"program": "${workspaceFolder}/test.js",',
    ]) {
      expect(text).toContain(kept);
    }
    const parsed = parse(text) as { configurations: Array<{ name: string }> };
    expect(parsed.configurations.map((c) => c.name)).toEqual(['Run tests', 'devstack: web (node)']);
    expect(parsed.configurations[1]).toEqual(node);
  });

  it('replaces its own entry in place on the next run (a new port), and is stable when nothing changed', () => {
    const once = mergeLaunchJson(USERS, node);
    const moved = { ...node, port: 49200 };
    const twice = mergeLaunchJson(once, moved);
    const parsed = parse(twice) as { configurations: Array<{ name: string; port?: number }> };
    expect(parsed.configurations.map((c) => c.name)).toEqual(['Run tests', 'devstack: web (node)']);
    expect(parsed.configurations[1]!.port).toBe(49200);
    expect(twice).toContain('// keep this comment');
    expect(mergeLaunchJson(twice, moved)).toBe(twice);
  });

  it('adds configurations (and version) to a file that has none, and refuses what is not an object', () => {
    const parsed = parse(mergeLaunchJson('{\n  // empty for now\n}\n', node)) as { version: string; configurations: unknown[] };
    expect(parsed.version).toBe('0.2.0');
    expect(parsed.configurations).toEqual([node]);
    expect(() => mergeLaunchJson('[1, 2', node)).toThrow(LaunchJsonError);
    expect(() => mergeLaunchJson('{"configurations": {}}', node)).toThrow(/not a list/);
  });
});

describe('attachConfiguration', () => {
  const base = { service: 'api', host: '127.0.0.1', port: 5678, localRoot: '${workspaceFolder}', remoteRoot: '/srv' };
  it('speaks each debugger extension', () => {
    expect(attachConfiguration({ ...base, runtime: 'python' })).toMatchObject({
      type: 'debugpy',
      request: 'attach',
      connect: { host: '127.0.0.1', port: 5678 },
      pathMappings: [{ localRoot: '${workspaceFolder}', remoteRoot: '/srv' }],
    });
    expect(attachConfiguration({ ...base, runtime: 'go', port: 2345 })).toMatchObject({
      type: 'go',
      request: 'attach',
      mode: 'remote',
      host: '127.0.0.1',
      port: 2345,
      substitutePath: [{ from: '${workspaceFolder}', to: '/srv' }],
    });
    expect(attachConfiguration({ ...base, runtime: 'java', port: 5005 })).toMatchObject({ type: 'java', request: 'attach', hostName: '127.0.0.1', port: 5005 });
    expect(node).toMatchObject({
      type: 'node',
      request: 'attach',
      address: '127.0.0.1',
      port: 9229,
      localRoot: '${workspaceFolder}/src',
      remoteRoot: '/app/src',
    });
  });
});
