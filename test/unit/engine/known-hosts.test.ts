import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fingerprint,
  hashedHostName,
  hostFieldMatches,
  judgeHostKey,
  keyTypeOf,
  parseKnownHosts,
  preferredHostKeyAlgorithms,
} from '../../../src/engine/known-hosts.js';

/** An ed25519 public key blob as an ssh host sends it: the type and the raw key, each length-prefixed. */
function ed25519Blob(): Buffer {
  const x = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!;
  const part = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return Buffer.concat([part(Buffer.from('ssh-ed25519')), part(Buffer.from(x, 'base64url'))]);
}

const line = (hosts: string, key: Buffer, type = 'ssh-ed25519') => `${hosts} ${type} ${key.toString('base64')}`;

describe('known_hosts', () => {
  const key = ed25519Blob();
  const other = ed25519Blob();

  it('knows a host by name on port 22 and as [host]:port elsewhere, never the same host on another port', () => {
    const entries = parseKnownHosts(`# a comment\n\n${line('box.example', key)}\n${line('[127.0.0.1]:2222', other)}\n`, 'kh');
    expect(judgeHostKey(entries, 'box.example', 22, key)).toMatchObject({ verdict: 'known', entry: { file: 'kh', line: 3 } });
    expect(judgeHostKey(entries, '127.0.0.1', 2222, other)).toMatchObject({ verdict: 'known', entry: { line: 4 } });
    expect(judgeHostKey(entries, 'box.example', 2222, key).verdict).toBe('unknown');
    expect(judgeHostKey(entries, '127.0.0.1', 22, other).verdict).toBe('unknown');
  });

  it('calls a different key of the same type a changed key, naming the line that holds the old one', () => {
    const entries = parseKnownHosts(`${line('box', other)}\n`, '/home/me/.ssh/known_hosts');
    expect(judgeHostKey(entries, 'box', 22, key)).toEqual({
      verdict: 'changed',
      keyType: 'ssh-ed25519',
      fingerprint: fingerprint(key),
      entry: expect.objectContaining({ file: '/home/me/.ssh/known_hosts', line: 1 }),
    });
  });

  it('calls a host with keys of other types only unknown, saying which types it holds', () => {
    const entries = parseKnownHosts(`${line('box', other, 'ecdsa-sha2-nistp256')}\n`, 'kh');
    expect(judgeHostKey(entries, 'box', 22, key)).toMatchObject({ verdict: 'unknown', otherTypes: ['ecdsa-sha2-nistp256'] });
    expect(preferredHostKeyAlgorithms(entries, 'box', 22)).toEqual(['ecdsa-sha2-nistp256']);
  });

  it('refuses a key marked @revoked wherever it shows up, and ignores @cert-authority lines', () => {
    const entries = parseKnownHosts(`@revoked ${line('*', key)}\n@cert-authority ${line('box', other)}\n${line('box', key)}\n`, 'kh');
    expect(judgeHostKey(entries, 'box', 22, key)).toMatchObject({ verdict: 'revoked', entry: { line: 1 } });
    // The CA line does not vouch for a plain key: it is judged against line 3 alone.
    expect(judgeHostKey(entries, 'box', 22, other)).toMatchObject({ verdict: 'changed', entry: { line: 3 } });
  });

  it('matches patterns as ssh does: comma lists, * and ?, and a !pattern that vetoes', () => {
    expect(hostFieldMatches('*.example.com,!bad.example.com', 'good.example.com')).toBe(true);
    expect(hostFieldMatches('*.example.com,!bad.example.com', 'bad.example.com')).toBe(false);
    expect(hostFieldMatches('10.0.0.?', '10.0.0.7')).toBe(true);
    expect(hostFieldMatches('10.0.0.?', '10.0.0.17')).toBe(false);
    expect(hostFieldMatches('Box', 'box')).toBe(true);
    expect(hostFieldMatches('box.example', 'boxXexample')).toBe(false);
  });

  it('offers rsa-sha2 first for an ssh-rsa entry, so a host with several keys shows the one known', () => {
    expect(preferredHostKeyAlgorithms(parseKnownHosts(`${line('box', key, 'ssh-rsa')}\n`, 'kh'), 'box', 22)).toEqual([
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
    ]);
    expect(preferredHostKeyAlgorithms(parseKnownHosts(`${line('other', key)}\n`, 'kh'), 'box', 22)).toEqual([]);
  });

  it('skips lines that are not key lines instead of failing on them', () => {
    expect(parseKnownHosts('box\nbox ssh-ed25519\nbox ssh-ed25519 not*base64\n', 'kh')).toEqual([]);
  });

  it('reads the key type from the blob', () => {
    expect(keyTypeOf(key)).toBe('ssh-ed25519');
    expect(fingerprint(key)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('a hashed entry (ssh-keygen -H) names its host and port and no other', () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,30}$/);
    fc.assert(
      fc.property(name, name, fc.integer({ min: 1, max: 65535 }), (host, elsewhere, port) => {
        const written = port === 22 ? host : `[${host}]:${port}`;
        const entries = parseKnownHosts(`${line(hashedHostName(written, randomBytes(20)), key)}\n`, 'kh');
        expect(judgeHostKey(entries, host, port, key).verdict).toBe('known');
        if (elsewhere !== host) expect(judgeHostKey(entries, elsewhere, port, key).verdict).toBe('unknown');
        expect(judgeHostKey(entries, host, port === 22 ? 2222 : 22, key).verdict).toBe('unknown');
      }),
      { numRuns: 200 },
    );
  });
});
