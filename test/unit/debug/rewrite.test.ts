import { describe, expect, it } from 'vitest';
import { DebugRewriteError } from '../../../src/debug/errors.js';
import { debugRewrite, type RewriteOptions } from '../../../src/debug/rewrite.js';
import type { ServiceSpec } from '../../../src/model/stack.js';
import { service } from '../support/stack.js';

const none = { entrypoint: [], cmd: [] };
const opts = (runtime: RewriteOptions['runtime'], port: number, extra: Partial<RewriteOptions> = {}): RewriteOptions => ({
  runtime,
  port,
  hostPort: port,
  wait: false,
  ...extra,
});

describe('debugRewrite', () => {
  it('node: --inspect on the main process only, --inspect-brk with --wait; never NODE_OPTIONS', () => {
    const svc = service('web', { command: ['node', '--watch', 'src/index.js'], environment: { NODE_ENV: 'development' } });
    const out = debugRewrite(svc, none, opts('node', 9229));
    expect(out.command).toEqual(['node', '--inspect=0.0.0.0:9229', '--watch', 'src/index.js']);
    expect(out.environment).toEqual({ NODE_ENV: 'development' });
    expect(debugRewrite(svc, none, opts('node', 9229, { wait: true })).command).toEqual(['node', '--inspect-brk=0.0.0.0:9229', '--watch', 'src/index.js']);
    // An old --inspect flag is replaced, not doubled.
    expect(debugRewrite(service('web', { command: ['node', '--inspect', 'a.js'] }), none, opts('node', 9230)).command).toEqual([
      'node',
      '--inspect=0.0.0.0:9230',
      'a.js',
    ]);
  });

  it('node: the image CMD behind docker-entrypoint.sh is rewritten, the entrypoint kept', () => {
    const out = debugRewrite(service('web'), { entrypoint: ['docker-entrypoint.sh'], cmd: ['node', 'server.js'] }, opts('node', 9229));
    expect(out.entrypoint).toBeUndefined();
    expect(out.command).toEqual(['node', '--inspect=0.0.0.0:9229', 'server.js']);
  });

  it('python: python -m debugpy --listen 0.0.0.0:5678 [--wait-for-client] before the program, interpreter flags kept first', () => {
    const svc = service('api', { command: ['python3', '-u', '-m', 'app', '--port', '8080'] });
    expect(debugRewrite(svc, none, opts('python', 5678)).command).toEqual([
      'python3',
      '-u',
      '-m',
      'debugpy',
      '--listen',
      '0.0.0.0:5678',
      '-m',
      'app',
      '--port',
      '8080',
    ]);
    expect(debugRewrite(service('api', { command: ['python', 'main.py'] }), none, opts('python', 5678, { wait: true })).command).toEqual([
      'python',
      '-m',
      'debugpy',
      '--listen',
      '0.0.0.0:5678',
      '--wait-for-client',
      'main.py',
    ]);
    expect(debugRewrite(service('api', { command: ['uvicorn', 'app.main:app', '--reload'] }), none, opts('python', 5678)).command).toEqual([
      'python3',
      '-m',
      'debugpy',
      '--listen',
      '0.0.0.0:5678',
      '-m',
      'uvicorn',
      'app.main:app',
      '--reload',
    ]);
  });

  it('python: inside `sh -c`, as the python profile starts its app', () => {
    const out = debugRewrite(service('app', { command: ['sh', '-c', 'exec python -m app'] }), none, opts('python', 5678));
    expect(out.command).toEqual(['sh', '-c', 'exec python -m debugpy --listen 0.0.0.0:5678 -m app']);
  });

  it('go: dlv exec the binary headless, --continue unless --wait, program args after --', () => {
    const svc = service('svc', { command: ['/app/server', '-v'], securityOpt: ['no-new-privileges:true'] });
    const out = debugRewrite(svc, none, opts('go', 2345));
    expect(out.command).toEqual([
      'dlv',
      'exec',
      '/app/server',
      '--headless',
      '--listen=:2345',
      '--api-version=2',
      '--accept-multiclient',
      '--continue',
      '--',
      '-v',
    ]);
    expect(debugRewrite(svc, none, opts('go', 2345, { wait: true })).command).not.toContain('--continue');
  });

  it('go: `go run` becomes `dlv debug`', () => {
    const out = debugRewrite(service('svc', { command: ['go', 'run', './cmd/api', '--addr', ':8080'] }), none, opts('go', 2345));
    expect(out.command).toEqual([
      'dlv',
      'debug',
      './cmd/api',
      '--headless',
      '--listen=:2345',
      '--api-version=2',
      '--accept-multiclient',
      '--continue',
      '--',
      '--addr',
      ':8080',
    ]);
  });

  it('go: adds only SYS_PTRACE and seccomp=unconfined, keeping what was there', () => {
    const svc = service('svc', { command: ['/app/server'], securityOpt: ['no-new-privileges:true', 'seccomp=/etc/profile.json'], capAdd: ['NET_ADMIN'] });
    const out = debugRewrite(svc, none, opts('go', 2345));
    expect(out.capAdd).toEqual(['NET_ADMIN', 'SYS_PTRACE']);
    expect(out.securityOpt).toEqual(['no-new-privileges:true', 'seccomp=unconfined']);
    for (const runtime of ['node', 'python', 'java'] as const) {
      const other = debugRewrite(
        service('x', { command: [runtime === 'node' ? 'node' : runtime === 'python' ? 'python' : 'java', 'a'] }),
        none,
        opts(runtime, 1234),
      );
      expect(other.capAdd).toBeUndefined();
      expect(other.securityOpt).toBeUndefined();
    }
  });

  it('go: the binary in the image CMD; under Air, Delve builds the module itself; dlv itself is refused with a hint', () => {
    expect(debugRewrite(service('svc'), { entrypoint: [], cmd: ['/app/server'] }, opts('go', 2345)).command?.slice(0, 3)).toEqual([
      'dlv',
      'exec',
      '/app/server',
    ]);
    expect(debugRewrite(service('svc', { command: ['air', '-c', '.air.toml'] }), none, opts('go', 2345)).command).toEqual([
      'dlv',
      'debug',
      '.',
      '--output=/tmp/devstack-debug-bin',
      '--headless',
      '--listen=:2345',
      '--api-version=2',
      '--accept-multiclient',
      '--continue',
    ]);
    expect(debugRewrite(service('svc', { command: ['air'] }), none, opts('go', 2345, { goPackage: './cmd/api' })).command?.slice(0, 3)).toEqual([
      'dlv',
      'debug',
      './cmd/api',
    ]);
    expect(() => debugRewrite(service('svc', { command: ['dlv', 'exec', 'x'] }), none, opts('go', 2345))).toThrow(/already runs under Delve/);
  });

  it('java: the JDWP agent, suspend=y with --wait', () => {
    const out = debugRewrite(service('j', { entrypoint: ['java', '-jar', '/app.jar'] }), none, opts('java', 5005, { wait: true }));
    expect(out.entrypoint).toEqual(['java', '-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=*:5005', '-jar', '/app.jar']);
    expect(out.command).toEqual([]);
  });

  it('publishes the debug port on 127.0.0.1 (engine-picked when no host port), labels the container, keeps the rest', () => {
    const svc: ServiceSpec = service('web', {
      command: ['node', 'a.js'],
      ports: [
        { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 8080, protocol: 'tcp' },
        { hostIp: '0.0.0.0', hostPort: 9229, containerPort: 9229, protocol: 'tcp' },
      ],
      labels: { team: 'a' },
    });
    const out = debugRewrite(svc, none, { runtime: 'node', port: 9229, wait: false, baseHash: 'abc' });
    expect(out.ports).toEqual([
      { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 8080, protocol: 'tcp' },
      { hostIp: '127.0.0.1', containerPort: 9229, protocol: 'tcp' },
    ]);
    expect(out.labels).toEqual({ team: 'a', 'dev.devstack.debug': 'node:9229', 'dev.devstack.debug-of': 'abc' });
    expect(svc.command).toEqual(['node', 'a.js']);
  });

  it('refuses a command that does not start the runtime (npm run dev) with a hint', () => {
    expect(() => debugRewrite(service('web', { command: ['npm', 'run', 'dev'] }), none, opts('node', 9229))).toThrow(/does not start node/);
  });
});

describe('debugRewrite of an entrypoint script that starts the runtime itself', () => {
  const text = '#!/bin/sh\nset -e\necho migrating\nexec python3 -u -m http.server 8000\n';
  it('runs the script text, rewritten, with its own shell and $0', () => {
    const out = debugRewrite(service('api'), { entrypoint: ['start.sh'], cmd: [] }, { ...opts('python', 5678), script: { path: 'start.sh', text } });
    expect(out.entrypoint).toEqual([
      '/bin/sh',
      '-c',
      '#!/bin/sh\nset -e\necho migrating\nexec python3 -u -m debugpy --listen 0.0.0.0:5678 -m http.server 8000\n',
      'start.sh',
    ]);
    expect(out.command).toEqual([]);
    expect(out.labels['dev.devstack.debug']).toBe('python:5678');
  });

  it('uses the interpreter of an env shebang, and refuses a Go program started by a script', () => {
    const bash = debugRewrite(
      service('api'),
      { entrypoint: ['/run'], cmd: ['x'] },
      { ...opts('node', 9229), script: { path: '/run', text: '#!/usr/bin/env bash\nnode server.js "$@"\n' } },
    );
    expect(bash.entrypoint).toEqual(['bash', '-c', '#!/usr/bin/env bash\nnode --inspect=0.0.0.0:9229 server.js "$@"\n', '/run']);
    expect(bash.command).toEqual(['x']);
    expect(() =>
      debugRewrite(
        service('g'),
        { entrypoint: ['/run.sh'], cmd: [] },
        { ...opts('go', 2345), script: { path: '/run.sh', text: '#!/bin/sh\nexec /app/server\n' } },
      ),
    ).toThrow(DebugRewriteError);
  });
});

describe('debugRewrite of the python profile command', () => {
  it('rewrites `sh -c "exec uvicorn …"` (APP_COMMAND) to run uvicorn as a module under debugpy', () => {
    const out = debugRewrite(
      service('app', { command: ['sh', '-c', 'exec uvicorn app.main:app --reload --host 0.0.0.0 --port 8080'] }),
      none,
      opts('python', 5678),
    );
    expect(out.command).toEqual(['sh', '-c', 'exec python3 -m debugpy --listen 0.0.0.0:5678 -m uvicorn app.main:app --reload --host 0.0.0.0 --port 8080']);
  });
});
