import { describe, expect, it } from 'vitest';
import { sourceRoots, workspacePath } from '../../../src/debug/roots.js';
import { service, stack } from '../support/stack.js';

const bind = (source: string, target: string) => ({ type: 'bind' as const, source, target, readOnly: false });

describe('sourceRoots', () => {
  it('maps the source mount: target is the remote root, source the local one', () => {
    const svc = service('app', { volumes: [bind('/work/demo', '/app')] });
    expect(sourceRoots(stack([svc]), svc)).toMatchObject({ localRoot: '/work/demo', remoteRoot: '/app' });
  });

  it('remote_root above the mount (node profile: ./src mounted at /app/src, remote_root /app)', () => {
    const svc = service('app', { volumes: [bind('/work/demo/src', '/app/src')], extensions: { 'x-devstack': { debug: { remote_root: '/app' } } } });
    expect(sourceRoots(stack([svc]), svc)).toMatchObject({ localRoot: '/work/demo', remoteRoot: '/app' });
  });

  it('remote_root below the mount', () => {
    const svc = service('app', { volumes: [bind('/work/demo', '/srv')], extensions: { 'x-devstack': { debug: { remote_root: '/srv/pkg' } } } });
    expect(sourceRoots(stack([svc]), svc)).toMatchObject({ localRoot: '/work/demo/pkg', remoteRoot: '/srv/pkg' });
  });

  it('without a source mount: the working directory against the project directory; volumes and outside binds do not count', () => {
    const svc = service('app', {
      workingDir: '/go/src/app',
      volumes: [bind('/var/run/docker.sock', '/var/run/docker.sock'), { type: 'volume', source: 'data', target: '/data', readOnly: false }],
    });
    expect(sourceRoots(stack([svc]), svc)).toMatchObject({ localRoot: '/work/demo', remoteRoot: '/go/src/app' });
    expect(sourceRoots(stack([service('x')]), service('x'), '/app').remoteRoot).toBe('/app');
  });
});

describe('workspacePath', () => {
  it('is relative to ${workspaceFolder} inside the project, absolute outside', () => {
    expect(workspacePath('/work/demo', '/work/demo')).toBe('${workspaceFolder}');
    expect(workspacePath('/work/demo', '/work/demo/src')).toBe('${workspaceFolder}/src');
    expect(workspacePath('/work/demo', '/elsewhere/src')).toBe('/elsewhere/src');
  });
});
