import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveEndpoint } from '../../../src/engine/endpoint.js';

function homeWithContext(name: string, host: string): string {
  const home = mkdtempSync(join(tmpdir(), 'home-'));
  const meta = join(home, '.docker', 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
  mkdirSync(meta, { recursive: true });
  writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }));
  writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: name }));
  return home;
}

describe('resolveEndpoint', () => {
  it('prefers DOCKER_HOST, with TLS settings', () => {
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://10.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c' }, '/nohome')).toEqual({
      url: 'tcp://10.0.0.1:2376',
      source: 'DOCKER_HOST',
      tls: { verify: true, certPath: '/c' },
    });
  });

  it("uses the Docker CLI's current context when DOCKER_HOST is unset", () => {
    const home = homeWithContext('remote', 'ssh://me@build-box');
    expect(resolveEndpoint({}, home)).toEqual({ url: 'ssh://me@build-box', source: 'Docker context "remote"' });
  });

  it('lets DOCKER_CONTEXT pick a context, and falls back to the default socket', () => {
    const home = homeWithContext('remote', 'ssh://me@build-box');
    expect(resolveEndpoint({ DOCKER_CONTEXT: 'default' }, home).url).toBe('unix:///var/run/docker.sock');
    expect(resolveEndpoint({}, '/nonexistent').url).toBe('unix:///var/run/docker.sock');
  });
});
