import { describe, expect, it } from 'vitest';
import { dependentContainers } from '../../../src/engine/docker-containers.js';

describe('the containers Podman names when it refuses to remove one that others depend on', () => {
  it('reads every id it lists, and nothing from other messages', () => {
    const a = 'f436e5d4aa2b4465e6e93c0b756daf1cf4c6770380cd66af64d5a19d46b6a052';
    const b = '66b35ab815584e2b8bdfacdf9aaef721ff0f3aa1283b2a7c6aaaaaaaaaaaaaaa';
    expect(
      dependentContainers(
        `remove container 864ef7888bf7: container 864ef78 has dependent containers which must be removed before it: ${a}, ${b}: container already exists`,
      ),
    ).toEqual([a, b]);
    expect(dependentContainers('remove container 864ef7888bf7: removal of container 864ef is already in progress')).toEqual([]);
  });
});
