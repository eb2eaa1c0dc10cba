import { describe, expect, it } from 'vitest';
import { admit, cookieValue, makeGate, newToken, reachableNames, SECURITY_HEADERS } from '../../../src/dashboard/security.js';

const gate = makeGate('the-token-of-this-run', 4800);
const good = { method: 'GET', host: '127.0.0.1:4800', origin: undefined, cookieHeader: 'devstack-ui-4800=the-token-of-this-run', authorization: undefined };

describe('the dashboard gate', () => {
  it('lets its own page in', () => {
    expect(admit(gate, good)).toEqual({ ok: true });
    expect(admit(gate, { ...good, host: 'localhost:4800' })).toEqual({ ok: true });
    expect(admit(gate, { ...good, method: 'POST', origin: 'http://127.0.0.1:4800' })).toEqual({ ok: true });
    expect(admit(gate, { ...good, cookieHeader: undefined, authorization: 'Bearer the-token-of-this-run' })).toEqual({ ok: true });
  });

  it('answers a rebinding page (any other Host) with 421, before it looks at the token', () => {
    for (const host of ['evil.example:4800', '127.0.0.1:4801', '127.0.0.1', '127.0.0.1.evil.example:4800', undefined]) {
      expect(admit(gate, { ...good, host })).toMatchObject({ ok: false, status: 421 });
    }
  });

  it('refuses another Origin for every request, and a change with no Origin', () => {
    for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1:4801', 'https://127.0.0.1:4800']) {
      expect(admit(gate, { ...good, origin })).toMatchObject({ ok: false, status: 403 });
      expect(admit(gate, { ...good, method: 'POST', origin })).toMatchObject({ ok: false, status: 403 });
    }
    expect(admit(gate, { ...good, method: 'POST' })).toMatchObject({ ok: false, status: 403 });
    expect(admit(gate, { ...good, method: 'DELETE' })).toMatchObject({ ok: false, status: 403 });
  });

  it('wants this run’s token: none, a wrong one, another port’s cookie or a prefix of it are refused', () => {
    for (const cookieHeader of [
      undefined,
      '',
      'devstack-ui-4800=nope',
      'devstack-ui-4801=the-token-of-this-run',
      'devstack-ui-4800=the-token',
      'devstack-ui-4800=the-token-of-this-run-and-more',
    ]) {
      expect(admit(gate, { ...good, cookieHeader })).toMatchObject({ ok: false, status: 401 });
    }
    expect(admit(gate, good, { tokenFromUrl: 'wrong' })).toMatchObject({ ok: false, status: 401 });
    expect(admit(gate, { ...good, cookieHeader: undefined }, { tokenFromUrl: 'the-token-of-this-run' })).toEqual({ ok: true });
  });

  it('reads its cookie among others', () => {
    expect(cookieValue('a=1; devstack-ui-4800=tok; b=2', 'devstack-ui-4800')).toBe('tok');
    expect(cookieValue('xdevstack-ui-4800=tok', 'devstack-ui-4800')).toBeUndefined();
  });

  it('makes a new random token each run', () => {
    const tokens = new Set(Array.from({ length: 50 }, newToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[\w-]{32}$/);
  });

  it('sends no Referer out, cannot be framed and allows no other origin', () => {
    expect(SECURITY_HEADERS['Referrer-Policy']).toBe('no-referrer');
    expect(SECURITY_HEADERS['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(Object.keys(SECURITY_HEADERS).some((h) => h.toLowerCase().startsWith('access-control'))).toBe(false);
  });
});

describe('a dashboard told to listen on another address', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4' }],
    eth0: [
      { address: '192.168.1.20', family: 'IPv4' },
      { address: 'fd00::20', family: 'IPv6' },
    ],
  } as unknown as Parameters<typeof reachableNames>[1];

  it('answers to that address, or for a wildcard to every address of the machine, and still to no other Host', () => {
    expect(reachableNames('127.0.0.1', interfaces)).toEqual([]);
    expect(reachableNames('192.168.1.20', interfaces)).toEqual(['192.168.1.20']);
    expect(reachableNames('0.0.0.0', interfaces)).toEqual(['127.0.0.1', '192.168.1.20']);
    expect(reachableNames('::', interfaces)).toEqual(['127.0.0.1', '192.168.1.20', 'fd00::20']);
    const wide = makeGate('the-token-of-this-run', 4800, reachableNames('::', interfaces));
    for (const host of ['192.168.1.20:4800', '[fd00::20]:4800']) {
      expect(admit(wide, { ...good, host }), host).toEqual({ ok: true });
      expect(admit(wide, { ...good, host, method: 'POST', origin: `http://${host}` }), host).toEqual({ ok: true });
    }
    for (const host of ['evil.example:4800', '192.168.1.21:4800', '192.168.1.20:4801']) expect(admit(wide, { ...good, host })).toMatchObject({ status: 421 });
  });
});
