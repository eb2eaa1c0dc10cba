import { appendFileSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatchFeed } from '../../../src/dashboard/watch-feed.js';
import { WatchEventLog, watchEventLogPath, type LoggedWatchEvent } from '../../../src/watch/event-log.js';

const warning = (message: string): LoggedWatchEvent => ({ type: 'warning', message, time: '2026-12-03T17:00:00.000Z' });
const messages = (events: LoggedWatchEvent[]) => events.map((e) => (e.type === 'warning' ? e.message : e.type));

function feedOf(path: string) {
  const feed = new WatchFeed(path, (value) => value, 60_000);
  const seen: LoggedWatchEvent[] = [];
  feed.onEvents((events) => seen.push(...events));
  return { feed, seen };
}

describe('the watch event log', () => {
  it("is the project's .devstack/watch-events.jsonl, one JSON line an event, made with its folder", () => {
    const dir = mkdtempSync(join(tmpdir(), 'devstack-watch-log-'));
    const log = new WatchEventLog(watchEventLogPath(dir));
    log.append(warning('one'));
    log.append(warning('two'));
    expect(
      readFileSync(join(dir, '.devstack', 'watch-events.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { message: string }).message),
    ).toEqual(['one', 'two']);
  });

  it('is moved aside to .1 once it would pass its size, so a long watch costs bounded disk', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'devstack-watch-log-')), 'log.jsonl');
    const log = new WatchEventLog(path, 200);
    for (let i = 0; i < 10; i += 1) log.append(warning(`event ${i}`));
    expect(readFileSync(path, 'utf8').length).toBeLessThanOrEqual(200);
    expect(readFileSync(`${path}.1`, 'utf8').length).toBeLessThanOrEqual(200);
    expect(readFileSync(path, 'utf8')).toContain('event 9');
  });
});

describe('a dashboard following the watch event log', () => {
  it('starts from what the log has, then gets each event appended, in order', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'devstack-watch-feed-')), 'log.jsonl');
    const log = new WatchEventLog(path);
    log.append(warning('before the dashboard'));
    const { feed, seen } = feedOf(path);
    await feed.start();
    expect(messages(feed.recent())).toEqual(['before the dashboard']);
    log.append(warning('after'));
    log.append(warning('and again'));
    await feed.check();
    expect(messages(seen)).toEqual(['before the dashboard', 'after', 'and again']);
    feed.stop();
  });

  it('waits for a line the watch is still writing, and skips what is not an event', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'devstack-watch-feed-')), 'log.jsonl');
    const { feed, seen } = feedOf(path);
    // No log yet: nothing, and no error.
    await feed.start();
    const line = JSON.stringify(warning('half written'));
    writeFileSync(path, `not json\n{"no":"type"}\n${line.slice(0, 10)}`);
    await feed.check();
    expect(seen).toEqual([]);
    appendFileSync(path, `${line.slice(10)}\n`);
    await feed.check();
    expect(messages(seen)).toEqual(['half written']);
    feed.stop();
  });

  it('follows the log across its being moved aside and begun again', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'devstack-watch-feed-')), 'log.jsonl');
    const log = new WatchEventLog(path);
    log.append(warning('a rather long first event, longer than what follows'));
    const { feed, seen } = feedOf(path);
    await feed.start();
    renameSync(path, `${path}.1`);
    new WatchEventLog(path).append(warning('new log'));
    await feed.check();
    expect(messages(seen)).toEqual(['a rather long first event, longer than what follows', 'new log']);
    feed.stop();
  });

  it('masks what it passes on', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'devstack-watch-feed-')), 'log.jsonl');
    new WatchEventLog(path).append(warning('token s3cret-value'));
    const feed = new WatchFeed(path, <T>(value: T) => JSON.parse(JSON.stringify(value).replaceAll('s3cret-value', '****')) as T, 60_000);
    await feed.start();
    expect(messages(feed.recent())).toEqual(['token ****']);
    feed.stop();
  });
});
