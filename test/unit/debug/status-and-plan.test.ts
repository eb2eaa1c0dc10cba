import { describe, expect, it } from 'vitest';
import { LABEL_DEBUG, LABEL_DEBUG_OF } from '../../../src/debug/labels.js';
import { debugRewrite } from '../../../src/debug/rewrite.js';
import { debugState } from '../../../src/debug/debug-state.js';
import { LABEL_CONFIG_HASH, type ContainerState } from '../../../src/engine/types.js';
import { desiredContainer } from '../../../src/plan/desired-container.js';
import { planUp, type ActualState } from '../../../src/plan/up-plan.js';
import { containerState } from '../support/fake-engine.js';
import { service, stack } from '../support/stack.js';

describe('debugState', () => {
  it('reads the runtime from the label and the address from the published port', () => {
    const ports = [{ containerPort: 9229, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 49200 }];
    expect(debugState({ labels: { [LABEL_DEBUG]: 'node:9229' }, ports })).toEqual({
      runtime: 'node',
      containerPort: 9229,
      address: '127.0.0.1:49200',
      hostPort: 49200,
    });
    expect(debugState({ labels: { [LABEL_DEBUG]: 'go:2345' }, ports: [] })).toEqual({ runtime: 'go', containerPort: 2345, address: null, hostPort: null });
    expect(debugState({ labels: {}, ports })).toBeNull();
  });
});

describe('planUp and a service in debug mode', () => {
  const plain = service('web', { command: ['node', 'a.js'] });
  const demo = stack([plain, service('db')]);
  const plainHash = desiredContainer(demo, plain).labels[LABEL_CONFIG_HASH]!;
  const debugged = desiredContainer(demo, debugRewrite(plain, undefined, { runtime: 'node', port: 9229, wait: false, baseHash: plainHash }));
  const container = (labels: Record<string, string>): ContainerState => containerState({ name: 'demo-web-1', image: 'busybox:latest', labels });
  const actual = (labels: Record<string, string>): ActualState => ({
    containers: [container(labels)],
    network: undefined,
    volumes: {},
    images: { 'busybox:latest': 'sha256:1' },
  });
  const step = (labels: Record<string, string>, keepDebug?: boolean) =>
    planUp(demo, actual(labels), { services: ['web'], forceRecreate: false, build: false, ...(keepDebug !== undefined ? { keepDebug } : {}) }).plan
      .services[0]!;

  it('the debug container has another config hash, so plain `up` recreates it', () => {
    expect(debugged.labels[LABEL_CONFIG_HASH]).not.toBe(plainHash);
    expect(debugged.labels[LABEL_DEBUG_OF]).toBe(plainHash);
    expect(step(debugged.labels)).toMatchObject({ action: 'recreate', reason: 'configuration changed (leaves debug mode)' });
  });

  it('`up --keep-debug` keeps it while the plain spec is unchanged, and recreates it when that changed', () => {
    expect(step(debugged.labels, true)).toMatchObject({ action: 'keep', reason: 'kept in debug mode (--keep-debug)' });
    expect(step({ ...debugged.labels, [LABEL_DEBUG_OF]: 'old' }, true).action).toBe('recreate');
    expect(step(desiredContainer(demo, plain).labels, true)).toMatchObject({ action: 'keep', reason: 'unchanged' });
  });
});
