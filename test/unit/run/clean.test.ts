import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/errors.js';
import type { ContainerSummary, Engine, ImageSummary, NetworkState, VolumeState } from '../../../src/engine/types.js';
import type { StackSpec } from '../../../src/model/stack.js';
import { findLeftovers, removeLeftovers } from '../../../src/run/clean.js';

const stack: StackSpec = { name: 'shop', projectDir: '/p', files: ['/p/devstack.yml'], services: {}, volumes: {}, secretValues: [] };
const ours = { 'dev.devstack.project': 'shop', 'dev.devstack.project-dir': '/p' };
const clone = { 'dev.devstack.project': 'shop', 'dev.devstack.project-dir': '/other/clone' };

/** The engine filters by the project label only, as the real one does; the directory check is ours to make. */
function engine(state: { containers: ContainerSummary[]; images: ImageSummary[]; volumes: VolumeState[]; networks: NetworkState[] }, refuse: string[] = []) {
  const removed: string[] = [];
  const fake = {
    removed,
    listContainers: async () => state.containers,
    containerSizes: async () => Object.fromEntries(state.containers.map((c) => [c.id, 100])),
    inspectContainer: async (id: string) => ({ imageId: `img-of-${id}` }),
    listImages: async (_: unknown, options?: { dangling?: boolean }) => state.images.filter((i) => !options?.dangling || i.tags.length === 0),
    listVolumes: async () => state.volumes,
    listNetworks: async () => state.networks,
    volumeSizes: async () => ({}),
    removeContainer: async (id: string) => void removed.push(id),
    removeImage: async (id: string) => {
      if (refuse.includes(id)) throw new EngineError(`remove image ${id}`, 409, 'image is referenced in multiple repositories');
      removed.push(id);
    },
    removeVolume: async (name: string) => void removed.push(name),
    removeNetwork: async (id: string) => void removed.push(id),
  };
  return fake as unknown as Engine & { removed: string[] };
}

const container = (id: string, status: ContainerSummary['status'], labels: Record<string, string>, volumes: string[] = []): ContainerSummary => ({
  id,
  name: id,
  labels,
  status,
  hostPorts: [],
  volumes,
});
const image = (id: string, tags: string[], labels: Record<string, string>): ImageSummary => ({ id, tags, labels, sizeBytes: 1000, created: 0 });

describe('clean', () => {
  const state = {
    containers: [container('stopped', 'exited', ours), container('running', 'running', ours, ['shop_data']), container('clone-stopped', 'exited', clone)],
    images: [
      image('dangling', [], ours),
      image('tagged', ['shop-api:latest'], ours),
      image('img-of-running', ['shop-web:latest'], ours),
      image('clone-dangling', [], clone),
    ],
    volumes: [
      { name: 'shop_data', labels: ours },
      { name: 'shop_cache', labels: ours },
      { name: 'clone_cache', labels: clone },
    ],
    networks: [{ id: 'net', name: 'shop_default', labels: ours }],
  };

  it('by default: stopped containers and untagged images of this project and directory only', async () => {
    const found = await findLeftovers(engine(state), stack, { images: false, volumes: false });
    expect(found.map((f) => `${f.kind} ${f.id}`)).toEqual(['container stopped', 'image dangling']);
  });

  it('--images adds tagged images no running container uses; --volumes adds volumes no running container mounts', async () => {
    const found = await findLeftovers(engine(state), stack, { images: true, volumes: true });
    expect(found.map((f) => `${f.kind} ${f.id}`)).toEqual(['container stopped', 'image dangling', 'image tagged', 'volume shop_cache']);
  });

  it('the network goes too once nothing of ours runs', async () => {
    const idle = { ...state, containers: state.containers.filter((c) => c.status !== 'running') };
    const found = await findLeftovers(engine(idle), stack, { images: false, volumes: true });
    expect(found.map((f) => `${f.kind} ${f.id}`)).toEqual(['container stopped', 'image dangling', 'network net', 'volume shop_data', 'volume shop_cache']);
  });

  it('an object the engine refuses to remove is kept and reported; the others still go', async () => {
    const fake = engine(state, ['dangling']);
    const found = await findLeftovers(fake, stack, { images: true, volumes: false });
    const notes: string[] = [];
    const result = await removeLeftovers(fake, found, (e) => e.type === 'note' && notes.push(e.message));
    expect(fake.removed).toEqual(['stopped', 'tagged']);
    expect(result.kept.map((k) => k.id)).toEqual(['dangling']);
    expect(notes.some((n) => n.startsWith('kept image'))).toBe(true);
  });
});
