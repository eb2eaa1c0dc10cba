import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../../../src/lint/dockerfile/base-image.js';
import { ignoredRules } from '../../../src/lint/suppressions.js';
import { parseProcNet } from '../../../src/doctor/ports/listeners.js';
import { procNetLine } from './fake-proc.js';

/** The kernel's spelling of an IPv4 address: one host-order (little-endian) 32-bit word in hex. */
function kernelHex(octets: number[]): string {
  return [...octets]
    .reverse()
    .map((o) => o.toString(16).padStart(2, '0').toUpperCase())
    .join('');
}

const octets = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 });
const port = fc.integer({ min: 1, max: 65535 });
const inode = fc.integer({ min: 1, max: 2 ** 31 });
const word = fc.stringMatching(/^[a-z0-9]+([._-][a-z0-9]+)*$/);

describe('doctor parsers, for any input', () => {
  it('reads back every listening IPv4 socket the kernel could print, and no other state', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ octets, port, inode, listening: fc.boolean() }), { maxLength: 20 }), (sockets) => {
        const text = [
          'header',
          ...sockets.map((s, i) =>
            procNetLine(i, `${kernelHex(s.octets)}:${s.port.toString(16).toUpperCase().padStart(4, '0')}`, s.listening ? '0A' : '01', s.inode),
          ),
        ].join('\n');
        expect(parseProcNet(text, 'tcp')).toEqual(
          sockets.filter((s) => s.listening).map((s) => ({ protocol: 'tcp', address: s.octets.join('.'), port: s.port, inode: s.inode })),
        );
      }),
    );
  });

  it('splits any image reference into name, tag and digest, a registry port never taken for a tag', () => {
    const registry = fc.option(
      fc.tuple(word, fc.option(port, { nil: undefined })).map(([host, p]) => `${host}.local${p ? `:${p}` : ''}`),
      { nil: undefined },
    );
    const digest = fc.option(
      fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256:${hex}`),
      { nil: undefined },
    );
    fc.assert(
      fc.property(registry, fc.array(word, { minLength: 1, maxLength: 3 }), fc.option(word, { nil: undefined }), digest, (host, path, tag, sha) => {
        const name = [...(host ? [host] : []), ...path].join('/');
        const ref = `${name}${tag ? `:${tag}` : ''}${sha ? `@${sha}` : ''}`;
        expect(parseImageRef(ref)).toEqual({ name, ...(tag ? { tag } : {}), ...(sha ? { digest: sha } : {}) });
      }),
    );
  });

  it('takes rule ids from a suppression comment and never from the lines around it', () => {
    const id = fc.tuple(fc.constantFrom('dockerfile', 'stack', 'dockerignore'), word).map(([kind, name]) => `${kind}/${name}`);
    fc.assert(
      fc.property(fc.array(id, { minLength: 1, maxLength: 4 }), fc.string(), fc.string(), (ids, before, after) => {
        const text = `${before.replace(/#/g, '')}\n# devstack-ignore ${ids.join(', ')}\n${after.replace(/#/g, '')}`;
        expect(ignoredRules(text)).toEqual(new Set(ids));
      }),
    );
  });
});
