import { describe, expect, it } from 'vitest';
import { detectRuntime, scriptRuntime } from '../../../src/debug/detect.js';
import { service } from '../support/stack.js';

const image = (env: Record<string, string> = {}, entrypoint: string[] = [], cmd: string[] = []) => ({ env, entrypoint, cmd });

describe('detectRuntime', () => {
  it('takes --runtime first, then x-devstack.debug.runtime, and says why', () => {
    const svc = service('api', { extensions: { 'x-devstack': { debug: { runtime: 'go' } } } });
    expect(detectRuntime({ service: svc, image: image({ NODE_VERSION: '20' }), forced: 'java' })).toEqual({
      runtime: 'java',
      reason: '--runtime java was given',
    });
    expect(detectRuntime({ service: svc, image: image({ NODE_VERSION: '20' }) })).toEqual({ runtime: 'go', reason: 'x-devstack.debug.runtime is go' });
  });

  it('reads the image environment: NODE_VERSION, PYTHON_VERSION, GOLANG_VERSION, GOTRACEBACK, JAVA_VERSION', () => {
    const cases: Array<[string, string]> = [
      ['NODE_VERSION', 'node'],
      ['PYTHON_VERSION', 'python'],
      ['GOLANG_VERSION', 'go'],
      ['GOTRACEBACK', 'go'],
      ['JAVA_VERSION', 'java'],
    ];
    for (const [name, runtime] of cases) {
      const found = detectRuntime({ service: service('api'), image: image({ [name]: '1.0' }) });
      expect(found).toEqual({ runtime, reason: `its image sets ${name}=1.0` });
    }
    expect(detectRuntime({ service: service('api', { environment: { GOTRACEBACK: 'all' } }), image: image() })?.reason).toBe(
      'the service sets GOTRACEBACK=all',
    );
  });

  it('falls back to the command and the entrypoint, the service overriding the image', () => {
    expect(detectRuntime({ service: service('api', { command: ['node', 'server.js'] }), image: image() })?.runtime).toBe('node');
    expect(detectRuntime({ service: service('api'), image: image({}, ['/usr/bin/python3.12'], ['app.py']) })).toEqual({
      runtime: 'python',
      reason: 'its command runs python3.12 (/usr/bin/python3.12 app.py)',
    });
    expect(detectRuntime({ service: service('api', { command: ['uvicorn', 'app:app'] }), image: image() })?.runtime).toBe('python');
    expect(detectRuntime({ service: service('api', { command: ['java', '-jar', 'a.jar'] }), image: image() })?.runtime).toBe('java');
    expect(detectRuntime({ service: service('api', { command: ['dlv', 'exec', '/app'] }), image: image() })?.runtime).toBe('go');
    expect(detectRuntime({ service: service('api', { command: ['go', 'run', '.'] }), image: image() })?.runtime).toBe('go');
    expect(detectRuntime({ service: service('api', { command: ['sh', '-c', 'exec python -m app'] }), image: image() })?.reason).toBe(
      'its shell command runs python (sh -c "exec python -m app")',
    );
  });

  it('looks inside an entrypoint script, where Skaffold gives up', () => {
    const script = {
      path: '/entrypoint.sh',
      text: '#!/bin/sh\n# node is mentioned in a comment only\nset -e\nif [ -n "$MIGRATE" ]; then ./migrate; fi\nexec java $JAVA_OPTS -jar /app.jar\n',
    };
    const svc = service('api', { entrypoint: ['/entrypoint.sh'] });
    expect(detectRuntime({ service: svc, image: image() })).toBeUndefined();
    expect(detectRuntime({ service: svc, image: image(), script })).toEqual({ runtime: 'java', reason: 'its entrypoint script /entrypoint.sh runs java' });
  });

  it('knows a Go binary by its build info, and returns undefined when nothing tells', () => {
    const svc = service('api', { command: ['/app/server'] });
    expect(detectRuntime({ service: svc, image: image() })).toBeUndefined();
    expect(detectRuntime({ service: svc, image: image(), goBinary: '/app/server' })?.runtime).toBe('go');
  });
});

describe('scriptRuntime', () => {
  it('finds the first runtime started, after env assignments, exec, or a separator', () => {
    expect(scriptRuntime('cd /app && NODE_ENV=dev node index.js')).toEqual({ runtime: 'node', program: 'node' });
    expect(scriptRuntime('#!/bin/bash\nexec /usr/local/bin/python3 -m app')?.runtime).toBe('python');
    expect(scriptRuntime('go run ./cmd/api')).toEqual({ runtime: 'go', program: 'go run' });
    expect(scriptRuntime('echo nodes are fine; cat python.txt')).toBeUndefined();
  });
});
