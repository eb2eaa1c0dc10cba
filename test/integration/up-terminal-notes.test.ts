import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup } from './helpers.js';
import { inTerminal, plainText } from './pty.js';

describe('up in a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-notes-'));
  const name = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  writeFileSync(
    join(dir, 'devstack.yml'),
    `name: ${name}\nservices:\n  api:\n    image: busybox:latest\n    command: ['sleep', '3600']\n    volumes: ['./data:/data']\n`,
  );
  afterAll(() => cleanup(name));

  it('says each note once, after the task tree', async () => {
    const { code, screen } = await inTerminal(['up'], dir).done;
    const text = plainText(screen);
    expect(code, text).toBe(0);
    expect(text.match(/Created data\/ for api's mount at \/data\./g)).toHaveLength(1);
  });
});
