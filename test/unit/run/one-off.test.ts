import { describe, expect, it } from 'vitest';
import { LABEL_CONFIG_HASH, LABEL_ONE_OFF, type ContainerState } from '../../../src/engine/types.js';
import { desiredContainer } from '../../../src/plan/desired-container.js';
import { planUp } from '../../../src/plan/up-plan.js';
import { oneOffContainer } from '../../../src/run/one-off.js';
import { service, stack } from '../support/stack.js';
import { containerState } from '../support/fake-engine.js';

const demo = stack([
  service('api', {
    command: ['serve'],
    environment: { MODE: 'dev' },
    ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 8080, protocol: 'tcp' }],
    healthcheck: { test: ['CMD', 'true'] },
    restart: 'always',
    volumes: [{ type: 'volume', source: 'demo_data', target: '/data', readOnly: false }],
  }),
]);

describe('oneOffContainer', () => {
  const spec = oneOffContainer(demo, 'api', ['migrate', '--up'], { tty: false, stdin: true }, 'abc123');

  it("keeps the service's image, environment, mounts and network, with the command given", () => {
    const service = desiredContainer(demo, demo.services.api!);
    expect(spec).toMatchObject({
      name: 'demo-api-run-abc123',
      image: service.image,
      env: { MODE: 'dev' },
      mounts: service.mounts,
      network: 'demo_default',
      command: ['migrate', '--up'],
    });
    expect(spec.openStdin).toBe(true);
    expect(spec.tty).toBe(false);
  });

  it('publishes no port, takes no alias, restarts never and has no healthcheck: it must not pass for the service', () => {
    expect(spec.ports).toEqual([]);
    expect(spec.aliases).toEqual([]);
    expect(spec.restart).toBeUndefined();
    expect(spec.healthcheck).toBeUndefined();
  });

  it('is labelled ours and one-off, without a config hash', () => {
    expect(spec.labels).toMatchObject({
      'dev.devstack.project': 'demo',
      'dev.devstack.project-dir': '/work/demo',
      'dev.devstack.service': 'api',
      [LABEL_ONE_OFF]: 'true',
    });
    expect(spec.labels[LABEL_CONFIG_HASH]).toBeUndefined();
  });

  it("runs the service's own command when none is given", () => {
    expect(oneOffContainer(demo, 'api', [], { tty: true, stdin: true }, 'x').command).toEqual(['serve']);
  });

  it('is not an orphan to the planner, not even of a service the file no longer names', () => {
    const state = (labels: Record<string, string>): ContainerState => containerState({ id: 'one-off', name: 'demo-gone-run-1', labels });
    const actual = (labels: Record<string, string>) => ({ containers: [state(labels)], network: undefined, volumes: {}, images: {} });
    const labels: Record<string, string> = { ...spec.labels, 'dev.devstack.service': 'gone' };
    const options = { services: [], forceRecreate: false, build: false };
    expect(planUp(demo, actual(labels), options).plan.orphans).toEqual([]);
    const { [LABEL_ONE_OFF]: _oneOff, ...regular } = labels;
    expect(planUp(demo, actual(regular), options).plan.orphans).toHaveLength(1);
  });
});
