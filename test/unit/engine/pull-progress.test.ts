import { describe, expect, it } from 'vitest';
import { PullProgressFolder, withDefaultTag } from '../../../src/engine/pull-progress.js';

describe('PullProgressFolder', () => {
  it('folds per-layer byte counts into one figure for the image', () => {
    const f = new PullProgressFolder();
    f.add({ status: 'Pulling from library/busybox', id: 'latest' });
    f.add({ status: 'Downloading', id: 'a', progressDetail: { current: 10, total: 100 } });
    f.add({ status: 'Downloading', id: 'b', progressDetail: { current: 5, total: 50 } });
    expect(f.snapshot()).toMatchObject({ current: 15, total: 150, layers: 2, layersDone: 0 });
    f.add({ status: 'Pull complete', id: 'a' });
    expect(f.snapshot()).toMatchObject({ current: 105, total: 150, layersDone: 1 });
  });
});

describe('withDefaultTag', () => {
  it('adds :latest only where no tag or digest is given, registry ports included', () => {
    expect(withDefaultTag('busybox')).toBe('busybox:latest');
    expect(withDefaultTag('localhost:5000/team/app')).toBe('localhost:5000/team/app:latest');
    expect(withDefaultTag('redis:7.2')).toBe('redis:7.2');
    expect(withDefaultTag('redis@sha256:abc')).toBe('redis@sha256:abc');
  });
});
