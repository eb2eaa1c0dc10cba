import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveEndpoint } from '../../../src/engine/endpoint.js';
import { modemOptions, sshConfig } from '../../../src/engine/modem-options.js';
import { explainRefusal } from '../../../src/engine/connect-failure.js';
import { EngineRefusedError, EngineSettingError } from '../../../src/engine/settings-errors.js';

function contextDir(home: string, name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function homeWithContext(name: string, docker: Record<string, unknown>, options: { current?: boolean; tlsFiles?: string[] } = {}): string {
  const home = mkdtempSync(join(tmpdir(), 'home-'));
  const meta = join(home, '.docker', 'contexts', 'meta', contextDir(home, name));
  mkdirSync(meta, { recursive: true });
  writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker } }));
  if (options.current !== false) writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: name }));
  if (options.tlsFiles) {
    const tls = join(home, '.docker', 'contexts', 'tls', contextDir(home, name), 'docker');
    mkdirSync(tls, { recursive: true });
    for (const f of options.tlsFiles) writeFileSync(join(tls, f), `${f} of ${name}`);
  }
  return home;
}

function certDir(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'certs-'));
  for (const f of files) writeFileSync(join(dir, f), `${f} here`);
  return dir;
}

function settingError(run: () => unknown): EngineSettingError {
  try {
    run();
  } catch (error) {
    if (error instanceof EngineSettingError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('resolveEndpoint', () => {
  it('prefers DOCKER_HOST, with TLS settings, and marks tcp:// as remote', () => {
    const certs = certDir(['ca.pem', 'cert.pem', 'key.pem']);
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://10.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }, '/nohome')).toEqual({
      url: 'tcp://10.0.0.1:2376',
      source: 'DOCKER_HOST',
      tls: { verify: true, certPath: certs, setting: 'DOCKER_CERT_PATH' },
      remote: true,
    });
  });

  it('takes the TLS files from ~/.docker when DOCKER_TLS_VERIFY is set without DOCKER_CERT_PATH, as the Docker CLI does', () => {
    const endpoint = resolveEndpoint({ DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1' }, '/home/me');
    expect(endpoint.tls).toMatchObject({ verify: true, certPath: '/home/me/.docker' });
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CONFIG: '/cfg' }, '/home/me').tls?.certPath).toBe('/cfg');
  });

  it('applies DOCKER_TLS_VERIFY=0: TLS without checking the server', () => {
    for (const off of ['0', 'false', 'no']) {
      expect(resolveEndpoint({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: off }, '/home/me').tls?.verify).toBe(false);
    }
  });

  it('reads a bare HOST:PORT as tcp://, as the Docker CLI does', () => {
    expect(resolveEndpoint({ DOCKER_HOST: '127.0.0.1:2375' }, '/h').url).toBe('tcp://127.0.0.1:2375');
  });

  it('ignores TLS variables for unix and ssh engines', () => {
    expect(resolveEndpoint({ DOCKER_HOST: 'unix:///run/d.sock', DOCKER_TLS_VERIFY: '1' }, '/h')).toEqual({
      url: 'unix:///run/d.sock',
      source: 'DOCKER_HOST',
      remote: false,
    });
    expect(resolveEndpoint({ DOCKER_HOST: 'ssh://me@box', DOCKER_TLS_VERIFY: '1' }, '/h')).toEqual({
      url: 'ssh://me@box',
      source: 'DOCKER_HOST',
      remote: true,
    });
  });

  it('refuses a DOCKER_CERT_PATH that does not exist, naming it', () => {
    const error = settingError(() => resolveEndpoint({ DOCKER_HOST: 'tcp://h:2376', DOCKER_CERT_PATH: '/no/such/dir' }, '/h'));
    expect(error.message).toContain('DOCKER_CERT_PATH');
    expect(error.message).toContain('/no/such/dir');
    expect(error.exitCode).toBe(2);
  });

  it.each([
    ['tcp//127.0.0.1:2376', 'not an engine address'],
    ['tcp:/127.0.0.1', 'names no host'],
    ['http://127.0.0.1:2375', 'over http://'],
    ['tcp://', 'names no host'],
    ['tcp://:2376', 'not an engine address'],
    ['tcp://h:99999', 'not an engine address'],
    ['unix://', 'names no socket path'],
    ['ssh://', 'names no host'],
    ['tcp://h:2376/v1.41', 'takes no path'],
  ])('says what is wrong with DOCKER_HOST=%s and how to fix it', (value, problem) => {
    const error = settingError(() => resolveEndpoint({ DOCKER_HOST: value }, '/h'));
    expect(error.message).toMatch(/^DOCKER_HOST: /);
    expect(error.message).toContain(problem);
    expect(error.hint).toContain('tcp://HOST:2376');
    expect(error.exitCode).toBe(2);
  });

  it('never throws anything but a setting error for any DOCKER_HOST', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        try {
          resolveEndpoint({ DOCKER_HOST: value }, '/h');
        } catch (error) {
          return error instanceof EngineSettingError;
        }
        return true;
      }),
    );
  });

  it("uses the Docker CLI's current context when DOCKER_HOST is unset", () => {
    const home = homeWithContext('remote', { Host: 'ssh://me@build-box' });
    expect(resolveEndpoint({}, home)).toMatchObject({ url: 'ssh://me@build-box', source: expect.stringContaining('Docker context "remote"'), remote: true });
  });

  it("reads a context's TLS files and SkipTLSVerify", () => {
    const home = homeWithContext('box', { Host: 'tcp://box:2376', SkipTLSVerify: false }, { tlsFiles: ['ca.pem', 'cert.pem', 'key.pem'] });
    const endpoint = resolveEndpoint({}, home);
    expect(endpoint.tls).toEqual({
      verify: true,
      certPath: join(home, '.docker/contexts/tls', contextDir(home, 'box'), 'docker'),
      setting: 'the Docker context "box"',
    });
    expect(modemOptions(endpoint)).toMatchObject({ protocol: 'https', host: 'box', port: 2376, ca: Buffer.from('ca.pem of box') });

    const skip = resolveEndpoint({}, homeWithContext('lab', { Host: 'tcp://lab:2376', SkipTLSVerify: true }));
    expect(skip.tls).toMatchObject({ verify: false });
    expect((modemOptions(skip) as { agent?: { options: { rejectUnauthorized?: boolean } } }).agent?.options.rejectUnauthorized).toBe(false);
  });

  it('lets DOCKER_CONTEXT pick a context, and falls back to the default socket', () => {
    const home = homeWithContext('remote', { Host: 'ssh://me@build-box' });
    expect(resolveEndpoint({ DOCKER_CONTEXT: 'default' }, home).url).toBe('unix:///var/run/docker.sock');
    expect(resolveEndpoint({}, '/nonexistent').url).toBe('unix:///var/run/docker.sock');
  });

  it('refuses a context that does not exist instead of quietly using another engine', () => {
    const home = homeWithContext('remote', { Host: 'ssh://me@build-box' }, { current: false });
    const error = settingError(() => resolveEndpoint({ DOCKER_CONTEXT: 'staging' }, home));
    expect(error.message).toContain('DOCKER_CONTEXT: the Docker context "staging" does not exist');
    expect(error.hint).toContain('docker context ls');
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'gone' }));
    expect(settingError(() => resolveEndpoint({}, home)).message).toContain('currentContext in');
  });
});

describe('modemOptions', () => {
  it('reads ca.pem, cert.pem and key.pem from the cert folder', () => {
    const certs = certDir(['ca.pem', 'cert.pem', 'key.pem']);
    const options = modemOptions(resolveEndpoint({ DOCKER_HOST: 'tcp://127.0.0.1:23760', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }, '/h'));
    expect(options).toMatchObject({ protocol: 'https', host: '127.0.0.1', port: 23760, ca: Buffer.from('ca.pem here'), key: Buffer.from('key.pem here') });
  });

  it('says which file is missing and which setting points there', () => {
    const noCa = certDir(['cert.pem', 'key.pem']);
    const error = settingError(() => modemOptions(resolveEndpoint({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: noCa }, '/h')));
    expect(error.message).toBe(`DOCKER_CERT_PATH: no ca.pem in ${noCa} to check the engine's certificate with.`);
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const fallback = settingError(() => modemOptions(resolveEndpoint({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' }, home)));
    expect(fallback.message).toContain(`DOCKER_TLS_VERIFY (files from ${home}/.docker, as DOCKER_CERT_PATH is unset)`);
    const halfPair = certDir(['ca.pem', 'cert.pem']);
    expect(settingError(() => modemOptions(resolveEndpoint({ DOCKER_HOST: 'tcp://h:2376', DOCKER_CERT_PATH: halfPair }, '/h'))).message).toContain(
      'cert.pem but no key.pem',
    );
  });

  it('uses the ssh agent for any ssh:// engine, a context too, and the default key without one', () => {
    const home = homeWithContext('box', { Host: 'ssh://deploy@box:2222' });
    const url = new URL(resolveEndpoint({}, home).url);
    expect(sshConfig(url, { SSH_AUTH_SOCK: '/tmp/agent.sock' }, home)).toMatchObject({ host: 'box', port: 2222, username: 'deploy', agent: '/tmp/agent.sock' });
    expect(sshConfig(url, { SSH_AUTH_SOCK: '/tmp/agent.sock' }, home)).not.toHaveProperty('privateKey');
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh', 'id_ed25519'), 'KEY');
    expect(sshConfig(url, {}, home)).toMatchObject({ privateKey: Buffer.from('KEY') });
    writeFileSync(join(home, '.ssh', 'known_hosts'), '[box]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==\n');
    expect(sshConfig(url, {}, home).knownHosts).toMatchObject([{ file: join(home, '.ssh', 'known_hosts'), line: 1, hosts: '[box]:2222' }]);
    expect(modemOptions(resolveEndpoint({}, home), {}, home)).toMatchObject({ protocol: 'http', host: 'box', port: 2222 });
  });
});

describe('explainRefusal', () => {
  const tls = resolveEndpoint({ DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1' }, '/home/me');

  it('names the setting and the fix for a certificate that does not match', () => {
    const error = explainRefusal(tls, Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }));
    expect(error).toBeInstanceOf(EngineRefusedError);
    expect(error?.message).toContain('DOCKER_TLS_VERIFY');
    expect(error?.message).toContain('/home/me/.docker/ca.pem');
    expect(error?.exitCode).toBe(1);
  });

  it('tells an ssh key refusal from an engine that is not there', () => {
    const ssh = resolveEndpoint({ DOCKER_HOST: 'ssh://me@127.0.0.1:2222' }, '/h');
    const refused = explainRefusal(ssh, Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }));
    expect(refused?.message).toContain('DOCKER_HOST: the ssh host ssh://me@127.0.0.1:2222 refused every key');
    expect(refused?.hint).toContain('ssh-add');
    expect(explainRefusal(ssh, Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
  });

  it('says so when a plain client meets a TLS port', () => {
    const plain = resolveEndpoint({ DOCKER_HOST: 'tcp://127.0.0.1:2376' }, '/h');
    const error = explainRefusal(plain, { message: 'bad request', statusCode: 400, json: { message: 'Client sent an HTTP request to an HTTPS server.' } });
    expect(error?.hint).toContain('DOCKER_TLS_VERIFY=1');
  });
});
