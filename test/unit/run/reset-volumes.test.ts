import { describe, expect, it } from 'vitest';
import type { VolumeState } from '../../../src/engine/types.js';
import { selectVolumes } from '../../../src/run/reset-volumes.js';
import { service, stack } from '../support/stack.js';

const mount = (source: string, target: string) => ({ type: 'volume' as const, source, target, readOnly: false });
const demo = stack(
  [
    service('db', {
      volumes: [mount('demo_data', '/data'), mount('shared-cache', '/cache'), { type: 'bind', source: '/src', target: '/src', readOnly: true }],
    }),
    service('api', { volumes: [mount('logs', '/logs')] }),
    service('worker', { volumes: [mount('demo_logs', '/logs')] }),
  ],
  {
    volumes: {
      data: { key: 'data', name: 'demo_data', external: false, labels: {} },
      logs: { key: 'logs', name: 'demo_logs', external: false, labels: {} },
      'shared-cache': { key: 'shared-cache', name: 'company-cache', external: true, labels: {} },
    },
  },
);
const ours = { 'dev.devstack.project': 'demo', 'dev.devstack.project-dir': '/work/demo' };
const volume = (name: string, labels: Record<string, string>): VolumeState => ({ name, labels });

describe('selectVolumes', () => {
  it("deletes the services' volumes that carry our project label and directory", () => {
    const existing = { demo_data: volume('demo_data', ours), demo_logs: volume('demo_logs', ours) };
    expect(selectVolumes(demo, ['db'], existing)).toEqual({
      delete: [{ name: 'demo_data', key: 'data' }],
      kept: [{ name: 'company-cache', reason: 'external' }],
      sharedWith: [],
    });
  });

  it('keeps a volume without our labels, of another project, or of the same project name in another directory', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{}, /not created by devstack/],
      [{ 'dev.devstack.project': 'shop', 'dev.devstack.project-dir': '/work/demo' }, /project "shop"/],
      [{ 'dev.devstack.project': 'demo', 'dev.devstack.project-dir': '/home/me/demo-clone' }, /in \/home\/me\/demo-clone/],
      [{ 'dev.devstack.project': 'demo' }, /unknown directory/],
    ];
    for (const [labels, reason] of cases) {
      const selection = selectVolumes(demo, ['db'], { demo_data: volume('demo_data', labels) });
      expect(selection.delete).toEqual([]);
      expect(selection.kept.find((k) => k.name === 'demo_data')!.reason).toMatch(reason);
    }
  });

  it('skips volumes that do not exist and takes every service when none is named', () => {
    const selection = selectVolumes(demo, [], { demo_logs: volume('demo_logs', ours) });
    expect(selection.delete).toEqual([{ name: 'demo_logs', key: 'logs' }]);
    expect(selection.sharedWith).toEqual([]);
  });

  it('names the services left out of the reset that mount a volume it would delete, by key or engine name alike', () => {
    const selection = selectVolumes(demo, ['api'], { demo_logs: volume('demo_logs', ours) });
    expect(selection.sharedWith).toEqual([{ name: 'demo_logs', services: ['worker'] }]);
  });
});
