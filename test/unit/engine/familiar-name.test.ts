import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { familiarName } from '../../../src/engine/familiar-name.js';

describe('familiarName', () => {
  it('drops docker.io and library/ as the Docker CLI does', () => {
    expect(familiarName('docker.io/library/busybox:latest')).toBe('busybox:latest');
    expect(familiarName('docker.io/library/myapp-web')).toBe('myapp-web');
    expect(familiarName('docker.io/prom/prometheus:v2.53.3')).toBe('prom/prometheus:v2.53.3');
    expect(familiarName('docker.io/library/redis@sha256:abc')).toBe('redis@sha256:abc');
  });

  it('keeps names of other registries, and library/ with a deeper path, whole', () => {
    expect(familiarName('localhost:5000/app:1')).toBe('localhost:5000/app:1');
    expect(familiarName('ghcr.io/library/x')).toBe('ghcr.io/library/x');
    expect(familiarName('docker.io/library/team/app')).toBe('library/team/app');
    expect(familiarName('busybox:latest')).toBe('busybox:latest');
  });

  it('is idempotent, and a familiar name prefixed the way Podman does comes back unchanged', () => {
    const segment = fc.stringMatching(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/);
    const tag = fc.option(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/), { nil: undefined });
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 3 }).filter((segments) => segments[0] !== 'library'),
        tag,
        (segments, t) => {
          const familiar = segments.join('/') + (t ? `:${t}` : '');
          const full = segments.length === 1 ? `docker.io/library/${familiar}` : `docker.io/${familiar}`;
          expect(familiarName(full)).toBe(familiar);
          expect(familiarName(familiar)).toBe(familiar);
        },
      ),
    );
  });
});
