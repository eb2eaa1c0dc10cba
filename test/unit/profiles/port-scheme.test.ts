import { describe, expect, it } from 'vitest';
import { portScheme } from '../../../src/profiles/port-scheme.js';

const withEndpoint = (url: string) => ({ extensions: { 'x-devstack': { endpoints: [{ name: 'x', url }] } } }) as never;

describe('the scheme status shows for a published port', () => {
  it("is the declared endpoint's: postgres:// and redis:// as in up's URL table", () => {
    expect(portScheme(withEndpoint('postgres://app:****@{host}:{port:5432}/app'), 5432)).toBe('postgres');
    expect(portScheme(withEndpoint('redis://{host}:{port:6379}/0'), 6379)).toBe('redis');
  });
  it('is http for a port no endpoint names', () => {
    expect(portScheme(withEndpoint('redis://{host}:{port:6379}/0'), 8080)).toBe('http');
    expect(portScheme(undefined, 80)).toBe('http');
  });
});
