import { describe, expect, it } from 'vitest';
import { LABEL_CONFIG_HASH, type ContainerState } from '../../../src/engine/types.js';
import { desiredContainer } from '../../../src/plan/desired-container.js';
import { planUp, type ActualState } from '../../../src/plan/up-plan.js';
import { containerState } from '../support/fake-engine.js';
import { service, stack } from '../support/stack.js';

const demo = stack([
  service('db', { healthcheck: { test: ['CMD', 'true'] } }),
  service('api', { dependsOn: { db: { condition: 'service_healthy', restart: false, required: true } } }),
  service('web'),
]);
const options = { services: [], forceRecreate: false, build: false };

function running(name: string, overrides: Partial<ContainerState> = {}): ContainerState {
  const spec = desiredContainer(demo, demo.services[name]!);
  return containerState({ id: `id-${name}`, name: spec.name, imageId: 'sha256:busybox', image: spec.image, labels: spec.labels, ...overrides });
}

function actual(containers: ContainerState[], images: Record<string, string | undefined> = { 'busybox:latest': 'sha256:busybox' }): ActualState {
  return { containers, network: undefined, volumes: {}, images };
}

const actions = (state: ActualState, opts = options) => Object.fromEntries(planUp(demo, state, opts).plan.services.map((s) => [s.service, s.action]));

describe('planUp', () => {
  it('creates every service on an empty engine and pulls a missing image once per service', () => {
    const { plan } = planUp(demo, actual([], {}), options);
    expect(plan.services.map((s) => [s.service, s.action, s.image])).toEqual([
      ['db', 'create', 'pull'],
      ['api', 'create', 'pull'],
      ['web', 'create', 'pull'],
    ]);
    expect(plan.network).toEqual({ name: 'demo_default', create: true });
  });

  it('keeps running containers whose config hash and image match', () => {
    expect(actions(actual([running('db'), running('api'), running('web')]))).toEqual({ db: 'keep', api: 'keep', web: 'keep' });
  });

  it('recreates only the service whose configuration changed', () => {
    const changed = running('api', { labels: { ...running('api').labels, [LABEL_CONFIG_HASH]: 'old' } });
    expect(actions(actual([running('db'), changed, running('web')]))).toEqual({ db: 'keep', api: 'recreate', web: 'keep' });
  });

  it('recreates a service whose image was updated, and starts a stopped one', () => {
    const state = actual([running('db', { imageId: 'sha256:older' }), running('api', { status: 'exited' }), running('web')]);
    expect(actions(state)).toEqual({ db: 'recreate', api: 'start', web: 'keep' });
  });

  it('brings up a named service with its dependencies only', () => {
    const { plan } = planUp(demo, actual([]), { ...options, services: ['api'] });
    expect(plan.services.map((s) => s.service)).toEqual(['db', 'api']);
  });

  it('refuses containers, networks and volumes it does not own, naming the owner', () => {
    const foreign = running('db', { labels: {} });
    const otherClone = running('api', { labels: { ...running('api').labels, 'dev.devstack.project-dir': '/elsewhere/demo' } });
    const state = { ...actual([foreign, otherClone]), network: { id: 'n', name: 'demo_default', labels: {} } };
    const messages = planUp(demo, state, options).conflicts.map((c) => c.message);
    expect(messages).toEqual([
      expect.stringContaining('network named demo_default already exists and belongs to something devstack did not create'),
      expect.stringContaining('container named demo-db-1 already exists and belongs to something devstack did not create'),
      expect.stringContaining('belongs to the devstack project "demo" in /elsewhere/demo'),
    ]);
  });

  it('reports containers of services removed from the file as orphans', () => {
    const gone = { ...running('web'), id: 'id-old', name: 'demo-old-1', labels: { ...running('web').labels, 'dev.devstack.service': 'old' } };
    expect(planUp(demo, actual([gone]), options).plan.orphans).toEqual([{ service: 'old', id: 'id-old', name: 'demo-old-1' }]);
  });
});

describe('desiredContainer', () => {
  it('hashes the same whatever the key order, and differently after any one change', () => {
    const a = desiredContainer(demo, service('x', { environment: { A: '1', B: '2' } }));
    const b = desiredContainer(demo, service('x', { environment: { B: '2', A: '1' } }));
    const c = desiredContainer(demo, service('x', { environment: { A: '1', B: '3' } }));
    expect(a.labels[LABEL_CONFIG_HASH]).toBe(b.labels[LABEL_CONFIG_HASH]);
    expect(a.labels[LABEL_CONFIG_HASH]).not.toBe(c.labels[LABEL_CONFIG_HASH]);
  });

  it('labels the container with project, directory and service, and joins the project network under the service name', () => {
    const spec = desiredContainer(demo, demo.services.api!);
    expect(spec).toMatchObject({
      name: 'demo-api-1',
      network: 'demo_default',
      aliases: ['api'],
      labels: { 'dev.devstack.project': 'demo', 'dev.devstack.project-dir': '/work/demo', 'dev.devstack.service': 'api' },
    });
  });
});
