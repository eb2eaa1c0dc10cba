import { describe, expect, it } from 'vitest';
import { budgetCell, checkBudgets, type BuiltImage } from '../../../src/build/budget.js';
import { collapsedBuildOutput } from '../../../src/build/step-output.js';
import { SizeBudgetExceededError } from '../../../src/errors.js';
import type { RunEvent } from '../../../src/run/events.js';
import { throwawayStack } from '../../../src/run/throwaway.js';
import type { StackSpec } from '../../../src/model/stack.js';

describe('build output in a terminal', () => {
  it('shows one line per step and hands the whole output of a failed build back', () => {
    const shown: RunEvent[] = [];
    const steps = collapsedBuildOutput((e) => shown.push(e));
    const lines = ['Step 1/2 : FROM busybox', ' ---> abc', 'Step 2/2 : RUN make', 'cc -o app main.c', 'main.c:3: error'];
    for (const line of lines) steps.reporter({ type: 'output', service: 'api', line });
    steps.reporter({ type: 'output', service: 'web', line: 'Step 1/1 : FROM busybox' });
    steps.reporter({ type: 'service', service: 'api', phase: 'failed' });
    expect(shown.filter((e) => e.type === 'progress').map((e) => (e as { detail: string }).detail)).toEqual([
      'Step 1/2 : FROM busybox',
      'Step 2/2 : RUN make',
      'Step 1/1 : FROM busybox',
    ]);
    expect(steps.failedOutput()).toEqual([{ service: 'api', lines }]);
  });

  it("shows Podman's step lines (buildah's `STEP 1/2: …`) the same way", () => {
    const shown: RunEvent[] = [];
    const steps = collapsedBuildOutput((e) => shown.push(e));
    for (const line of ['STEP 1/2: FROM busybox', 'STEP 2/2: RUN make', 'cc -o app main.c', 'COMMIT shop-api'])
      steps.reporter({ type: 'output', service: 'api', line });
    expect(shown.map((e) => (e as { detail?: string }).detail)).toEqual(['STEP 1/2: FROM busybox', 'STEP 2/2: RUN make']);
  });
});

describe('size budgets', () => {
  const image = (sizeBytes: number, budgetBytes?: number): BuiltImage => ({
    service: 'api',
    image: 'shop-api',
    sizeBytes,
    layers: 3,
    buildMs: 1000,
    ...(budgetBytes ? { budgetBytes } : {}),
  });

  it('passes at or under the budget, and without one', () => {
    expect(() => checkBudgets([image(20e6, 20e6), image(5e9)])).not.toThrow();
    expect(budgetCell(image(10e6, 20e6))).toBe('20.0 MB (50%)');
  });

  it('fails over the budget with both sizes in the message', () => {
    expect(() => checkBudgets([image(23.4e6, 20e6)])).toThrow(SizeBudgetExceededError);
    expect(() => checkBudgets([image(23.4e6, 20e6)])).toThrow('Image shop-api of service api is 23.4 MB, over its size budget of 20.0 MB');
    expect(budgetCell(image(23.4e6, 20e6))).toBe('20.0 MB (117%, OVER)');
  });
});

describe('the throwaway stack of test --fresh', () => {
  it("publishes no host ports and runs the developer's images", () => {
    const base = { environment: {}, volumes: [], dependsOn: {}, labels: {}, extensions: {} };
    const ports = [{ hostIp: '127.0.0.1', hostPort: 5432, containerPort: 5432, protocol: 'tcp' as const }];
    const original: StackSpec = {
      name: 'shop',
      projectDir: '/p',
      files: [],
      volumes: {},
      secretValues: [],
      services: { api: { ...base, name: 'api', ports, build: { context: '/p', dockerfile: 'Dockerfile', args: {}, labels: {} } } },
    };
    const reloaded: StackSpec = { ...original, name: 'shop-test-abc123' };
    const copy = throwawayStack(original, reloaded);
    expect(copy.name).toBe('shop-test-abc123');
    expect(copy.services.api!.ports).toEqual([]);
    expect(copy.services.api!.image).toBe('shop-api');
  });
});
