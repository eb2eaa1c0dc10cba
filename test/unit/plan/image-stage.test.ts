import { describe, expect, it } from 'vitest';
import type { StackSpec } from '../../../src/model/stack.js';
import { planUp, type ActualState } from '../../../src/plan/up-plan.js';

const base = { environment: {}, ports: [], volumes: [], dependsOn: {}, labels: {}, extensions: {} };
const stack = (target?: string): StackSpec => ({
  name: 'shop',
  projectDir: '/p',
  files: [],
  volumes: {},
  secretValues: [],
  services: { api: { ...base, name: 'api', build: { context: '/p', dockerfile: 'Dockerfile', args: {}, labels: {}, ...(target ? { target } : {}) } } },
});
const options = { services: [], forceRecreate: false, build: false };
const imageAction = (s: StackSpec, stage: string) => {
  const actual: ActualState = { containers: [], network: undefined, volumes: {}, images: { 'shop-api': 'sha256:x' }, imageStages: { 'shop-api': stage } };
  return planUp(s, actual, options).plan.services[0]!.image;
};

describe('an image built to another Dockerfile stage', () => {
  it('is rebuilt: `build --target` must not change what `up` runs', () => {
    expect(imageAction(stack(), 'builder')).toBe('build');
    expect(imageAction(stack('dev'), '')).toBe('build');
    expect(imageAction(stack('dev'), 'test')).toBe('build');
  });

  it('is used as it is when it is the stage the stack names', () => {
    expect(imageAction(stack(), '')).toBe('present');
    expect(imageAction(stack('dev'), 'dev')).toBe('present');
  });
});
