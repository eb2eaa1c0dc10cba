import { describe, expect, it } from 'vitest';
import { formatWatchEvent } from '../../../src/watch/watch-events.js';

const base = { type: 'action' as const, service: 'api', ok: true, deleted: 0, durationMs: 420 };

describe('watch output', () => {
  it('is one line per action: service, action, file count, the first few files, duration', () => {
    expect(formatWatchEvent({ ...base, action: 'sync', files: 5, paths: ['src/a.js', 'src/b.js', 'src/c.js', 'src/d.js', 'src/e.js'], deleted: 1 })).toEqual([
      'api: synced, 5 files (src/a.js, src/b.js, src/c.js, +2 more), 1 deleted in 420ms',
    ]);
    expect(formatWatchEvent({ ...base, action: 'rebuild', files: 1, paths: ['package.json'], durationMs: 4200, detail: 'package.json changed' })).toEqual([
      'api: rebuilt and recreated, 1 file (package.json) in 4.2s; package.json changed',
    ]);
    expect(formatWatchEvent({ ...base, action: 'sync+exec', files: 2, paths: ['a', 'b'], detail: 'kill -HUP 1' })).toEqual([
      'api: synced and ran `kill -HUP 1`, 2 files (a, b) in 420ms',
    ]);
  });

  it('says how many folders it watches, one folder as one', () => {
    expect(
      formatWatchEvent({ type: 'watching', service: 'api', rules: [{ action: 'sync', path: 'src', target: '/app/src' }], folders: 1, polling: false })[0],
    ).toMatch(/\(1 folder\)$/);
  });

  it('says a failed rebuild left the old container serving, then shows the build output', () => {
    const lines = formatWatchEvent({
      ...base,
      action: 'rebuild',
      ok: false,
      files: 1,
      paths: ['Dockerfile'],
      detail: 'Build failed at Step 3/4',
      output: ['Step 3/4 : RUN false'],
    });
    expect(lines).toEqual([
      'api: rebuild FAILED, 1 file (Dockerfile) after 420ms: Build failed at Step 3/4; the old container keeps serving, the next change retries',
      '  Step 3/4 : RUN false',
    ]);
  });
});
