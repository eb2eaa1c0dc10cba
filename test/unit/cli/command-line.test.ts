import { describe, expect, it } from 'vitest';
import { commandLine } from '../../../src/cli/command-line.js';
import { positionalWords } from '../../../src/cli/raw-args.js';

describe('commandLine', () => {
  it('repeats the -f and -p the user gave, so the hint acts on the same stack', () => {
    expect(commandLine({ file: ['a.yml', 'b.yml'], 'project-name': 'shop' }, 'up', 'db')).toBe('devstack up db -f a.yml -f b.yml -p shop');
    expect(commandLine({}, 'up')).toBe('devstack up');
  });

  it('quotes words a shell would split or expand', () => {
    expect(commandLine({ file: ['my stack.yml'] }, 'exec', 'db', '--', 'sh', '-c', "echo 'hi' $HOME")).toBe(
      `devstack exec db -- sh -c 'echo '\\''hi'\\'' $HOME' -f 'my stack.yml'`,
    );
  });
});

describe('positionalWords', () => {
  it('keeps the words in the order typed, a repeated word included', () => {
    const raw = [
      { type: 'flag', flag: 'project-name', input: 'db' },
      { type: 'arg', arg: 'service', input: 'db' },
      { type: 'arg', arg: 'command', input: 'echo' },
      { type: 'arg', input: '-p' },
      { type: 'arg', input: 'db' },
    ];
    expect(positionalWords(raw)).toEqual(['db', 'echo', '-p', 'db']);
  });
});
