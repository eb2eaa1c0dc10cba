import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

/** Writes to the process's streams allowed outside src/ui/output.ts: the engine's debug trace (DEVSTACK_DEBUG), below the ui layer. */
const ALLOWED = new Set(['src/ui/output.ts', 'src/engine/debug-log.ts']);

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

describe('the output layer', () => {
  it('commands and src/ write to stdout and stderr only through src/ui/output.ts', () => {
    const writes = [...sources('commands'), ...sources('src')]
      .filter((file) => !ALLOWED.has(file))
      .flatMap((file) =>
        readFileSync(join(root, file), 'utf8')
          .split('\n')
          .flatMap((line, index) => (/process\.std(?:out|err)\.write\(|console\.(?:log|error|warn|info)\(/.test(line) ? [`${file}:${index + 1}`] : [])),
      );
    expect(writes).toEqual([]);
  });

  it('only src/ui/prompt.ts asks a person: no other module reads answers from the terminal itself', () => {
    const prompts = [...sources('commands'), ...sources('src')]
      .filter((file) => file !== 'src/ui/prompt.ts')
      .filter((file) => /\bcreateInterface\(/.test(readFileSync(join(root, file), 'utf8')));
    expect(prompts).toEqual([]);
  });

  it('no function takes a callback to say lines: flows call the output layer, which knows where a run’s lines go', () => {
    const callbacks = [...sources('commands'), ...sources('src')].flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => (/\bsay\??: \(line: string\) => void|this\.say\(/.test(line) ? [`${file}:${index + 1}`] : [])),
    );
    expect(callbacks).toEqual([]);
  });

  it("every --json is the shared flag, printed through the output layer: no command hands its result to oclif's enableJsonFlag", () => {
    const oclifJson = sources('commands').filter((file) => /\benableJsonFlag\b/.test(readFileSync(join(root, file), 'utf8')));
    expect(oclifJson).toEqual([]);
  });

  it('commands decide nothing about the terminal or the environment: src/ does, through the output layer', () => {
    const decisions = sources('commands').flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => (/process\.(?:std(?:in|out|err)\.isTTY|env\b)/.test(line) ? [`${file}:${index + 1}`] : [])),
    );
    expect(decisions).toEqual([]);
  });
});
