import { describe, expect, it } from 'vitest';
import { remoteBindMountNotes, remoteHost, remotePortsNote } from '../../../src/run/remote-engine.js';
import { service, stack } from '../support/stack.js';

const at = { file: 'compose.yaml', line: 1, column: 1 };

describe('remote engines', () => {
  it('knows a remote engine by its address, and a local socket as local', () => {
    expect(remoteHost('tcp://build-box:2376')).toBe('build-box');
    expect(remoteHost('ssh://me@10.1.2.3:2222')).toBe('10.1.2.3');
    expect(remoteHost('unix:///var/run/docker.sock')).toBeUndefined();
  });

  it("names each service whose bind mounts will not see this machine's files, and what to do", () => {
    const s = stack([
      service('api', {
        volumes: [
          { type: 'bind', source: '/home/me/app/src', target: '/app/src', readOnly: false },
          { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false },
        ],
        watch: [{ action: 'sync', path: '/home/me/app/src', target: '/app/src', ignore: [], initialSync: true, at }],
      }),
      service('db', { volumes: [{ type: 'volume', source: 'p_data', target: '/var/lib/postgresql/data', readOnly: false }] }),
      service('web', { volumes: [{ type: 'bind', source: '/home/me/app/web', target: '/srv', readOnly: true }] }),
    ]);
    const notes = remoteBindMountNotes(s, ['api', 'db', 'web'], 'build-box');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toContain('api: the engine runs on build-box, so its bind mounts (/home/me/app/src -> /app/src) name folders there');
    expect(notes[0]).not.toContain('docker.sock');
    expect(notes[0]).toContain('watch sync rules do work');
    expect(notes[1]).toMatch(/^web: .*Use a named volume with `develop.watch` sync rules/);
    expect(remoteBindMountNotes(s, ['db'], 'build-box')).toEqual([]);
  });

  it('says the ports are on the engine host and how to reach them', () => {
    expect(remotePortsNote('build-box')).toContain('published on build-box');
    expect(remotePortsNote('build-box')).toContain('ssh -N -L PORT:127.0.0.1:PORT build-box');
  });
});
