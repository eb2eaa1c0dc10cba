import { describe, expect, it } from 'vitest';
import { colourFor, lineFormatter } from '../../../src/logs/format.js';
import type { ServiceLogLine } from '../../../src/logs/log-line.js';

const line: ServiceLogLine = { service: 'db', stream: 'stderr', time: '2024-05-01T12:00:00.000000001Z', message: 'ready' };

describe('lineFormatter', () => {
  it('pads the prefix to the longest service name', () => {
    const format = lineFormatter({ services: ['db', 'grafana'], color: false, timestamps: false, json: false });
    expect(format(line)).toBe('db      | ready');
    expect(format({ ...line, service: 'grafana' })).toBe('grafana | ready');
  });

  it('widens for a service that turns up later', () => {
    const format = lineFormatter({ services: ['db'], color: false, timestamps: false, json: false });
    format({ ...line, service: 'prometheus' });
    expect(format(line)).toBe('db         | ready');
  });

  it('shows the timestamp when asked', () => {
    expect(lineFormatter({ services: ['db'], color: false, timestamps: true, json: false })(line)).toBe('db | 2024-05-01T12:00:00.000000001Z ready');
  });

  it('colours the prefix only, in the colour of the name', () => {
    const out = lineFormatter({ services: ['db'], color: true, timestamps: false, json: false })(line);
    expect(out).toBe(`\u001b[${colourFor('db')}mdb |\u001b[39m ready`);
  });

  it('writes one JSON object with service, stream, time and message', () => {
    const out = lineFormatter({ services: ['db'], color: true, timestamps: false, json: true })(line);
    expect(JSON.parse(out)).toEqual({ service: 'db', stream: 'stderr', time: line.time, message: 'ready' });
  });
});

describe('colourFor', () => {
  it('is the same for the same name and spreads different names', () => {
    expect(colourFor('api')).toBe(colourFor('api'));
    const names = ['api', 'db', 'cache', 'web', 'worker', 'grafana', 'prometheus', 'minio', 'redis', 'postgres'];
    expect(new Set(names.map(colourFor)).size).toBeGreaterThan(4);
  });
});
