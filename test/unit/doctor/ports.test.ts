import { describe, expect, it } from 'vitest';
import { checkPorts } from '../../../src/doctor/checks/ports.js';
import { parseProcNet } from '../../../src/doctor/ports/listeners.js';
import { parseLsof } from '../../../src/doctor/ports/lsof.js';
import type { ContainerSummary, Engine } from '../../../src/engine/types.js';
import { service, stack } from '../support/stack.js';
import { fakeProc, procNetLine } from './fake-proc.js';

const LISTEN = '0A';
const ESTABLISHED = '01';
const web = service('web', { ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' }] });
const demo = stack([web]);

function engineWith(containers: Array<Partial<ContainerSummary>>): Engine {
  const list = containers.map((c) => ({ id: 'c', name: 'x', labels: {}, status: 'running', hostPorts: [], ...c }));
  return { listContainers: async () => list } as unknown as Engine;
}

describe('/proc/net parsing', () => {
  it('reads listening IPv4 and IPv6 sockets, skipping connected ones', () => {
    const v4 = parseProcNet(['header', procNetLine(0, '0100007F:1F90', LISTEN, 11), procNetLine(1, '0100007F:1F91', ESTABLISHED, 12)].join('\n'), 'tcp');
    expect(v4).toEqual([{ protocol: 'tcp', address: '127.0.0.1', port: 8080, inode: 11 }]);
    const v6 = parseProcNet(
      ['header', procNetLine(0, '00000000000000000000000000000000:1F90', LISTEN, 21), procNetLine(1, '0000000000000000FFFF00000100007F:0050', LISTEN, 22)].join(
        '\n',
      ),
      'tcp',
    );
    expect(v6.map((l) => [l.address, l.port])).toEqual([
      ['::', 8080],
      ['127.0.0.1', 80],
    ]);
  });
});

describe('ports check', () => {
  it('names the PID and command line of the process holding the port', async () => {
    const proc = fakeProc({
      tcp: [procNetLine(0, '0100007F:1F90', LISTEN, 4711)],
      processes: [{ pid: 321, argv: ['python3', '-m', 'http.server', '8080'], fds: { 3: 'socket:[4711]', 4: '/dev/null' } }],
    });
    expect(await checkPorts(demo, undefined, undefined, proc)).toEqual([
      {
        check: 'ports',
        status: 'fail',
        message: '127.0.0.1:8080 (service web) is held by PID 321 (python3 -m http.server 8080)',
        fix: 'stop it (`kill 321`), or change the published port in the stack file',
      },
    ]);
  });

  it('sees a dual-stack listener on :: as holding the IPv4 port too', async () => {
    const proc = fakeProc({
      tcp: [],
      tcp6: [procNetLine(0, '00000000000000000000000000000000:1F90', LISTEN, 9)],
      processes: [{ pid: 7, argv: ['nginx'], fds: { 5: 'socket:[9]' } }],
    });
    expect((await checkPorts(demo, undefined, undefined, proc))[0]!.message).toBe('127.0.0.1:8080 (service web) is held by PID 7 (nginx)');
  });

  it('says when the holder is a process it may not inspect', async () => {
    const proc = fakeProc({ tcp: [procNetLine(0, '00000000:1F90', LISTEN, 9)] });
    expect((await checkPorts(demo, undefined, undefined, proc))[0]!.message).toBe(
      "127.0.0.1:8080 (service web) is in use by a process devstack may not inspect (another user's)",
    );
  });

  it('names a container of another devstack project, and how to stop it', async () => {
    const proc = fakeProc({ tcp: [] });
    const engine = engineWith([
      { name: 'shop-web-1', hostPorts: [8080], labels: { 'dev.devstack.project': 'shop', 'dev.devstack.project-dir': '/work/shop' } },
    ]);
    expect(await checkPorts(demo, engine, undefined, proc)).toEqual([
      {
        check: 'ports',
        status: 'fail',
        message: '127.0.0.1:8080 (service web) is held by container shop-web-1 (devstack project "shop")',
        fix: 'run `devstack down -p shop` in /work/shop, or change the published port',
      },
    ]);
  });

  it("is fine with the stack's own container on its port, and ignores stopped containers", async () => {
    const proc = fakeProc({ tcp: [] });
    const own = engineWith([
      {
        name: 'demo-web-1',
        hostPorts: [8080],
        labels: { 'dev.devstack.project': 'demo', 'dev.devstack.project-dir': '/work/demo', 'dev.devstack.service': 'web' },
      },
    ]);
    expect((await checkPorts(demo, own, undefined, proc))[0]).toMatchObject({
      status: 'ok',
      message: "127.0.0.1:8080 (service web) is held by this stack's own container demo-web-1",
    });
    const stopped = engineWith([{ name: 'old', hostPorts: [8080], status: 'exited' }]);
    expect(await checkPorts(demo, stopped, undefined, proc)).toEqual([{ check: 'ports', status: 'ok', message: '1 published port is free: 8080' }]);
  });

  it('checks only the services asked for, and ports the engine picks never collide', async () => {
    const proc = fakeProc({ tcp: [procNetLine(0, '0100007F:1F90', LISTEN, 1)] });
    const other = service('other', { ports: [{ hostIp: '127.0.0.1', containerPort: 80, protocol: 'tcp' }] });
    expect(await checkPorts(stack([web, other]), undefined, ['other'], proc)).toEqual([
      { check: 'ports', status: 'ok', message: 'the stack publishes no fixed host ports' },
    ]);
  });
});

describe('lsof output', () => {
  it('gives the first process and its command', () => {
    expect(parseLsof('p812\ncnginx\nf6\np813\ncnginx\n')).toEqual({ pid: 812, command: 'nginx' });
    expect(parseLsof('')).toBeUndefined();
  });
});
