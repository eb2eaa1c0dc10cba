import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../../src/config/dotenv.js';
import { Problems } from '../../../src/config/problems.js';
import { ConfigError } from '../../../src/errors.js';
import { lines } from './helpers.js';

function parse(text: string) {
  const problems = new Problems();
  const entries = parseDotenv(text, '/p/.env', problems);
  let reported: unknown[] = [];
  try {
    problems.throwIfAny();
  } catch (error) {
    reported = (error as ConfigError).problems;
  }
  return { values: Object.fromEntries(entries.map((entry) => [entry.key, entry.value])), problems: reported };
}

describe('.env syntax', () => {
  it.each([
    ['KEY=VALUE', { KEY: 'VALUE' }],
    ['export KEY=VALUE', { KEY: 'VALUE' }],
    ['KEY=', { KEY: '' }],
    ['KEY = spaced ', { KEY: 'spaced' }],
    ['KEY=a=b=c', { KEY: 'a=b=c' }],
    ['KEY=value # comment', { KEY: 'value' }],
    ['KEY=value#not-a-comment', { KEY: 'value#not-a-comment' }],
    ["KEY='single $quoted # kept'", { KEY: 'single $quoted # kept' }],
    ['KEY="double"', { KEY: 'double' }],
    ['KEY="line1\\nline2"', { KEY: 'line1\nline2' }],
    ['KEY="tab\\there \\"quoted\\" back\\\\slash"', { KEY: 'tab\there "quoted" back\\slash' }],
    ["KEY='no\\nescape'", { KEY: 'no\\nescape' }],
    ['KEY="x" # trailing comment', { KEY: 'x' }],
    ['KEY=""', { KEY: '' }],
    ['BARE', { BARE: undefined }],
    ['A.B-C_1=x', { 'A.B-C_1': 'x' }],
  ])('%s', (line, values) => {
    expect(parse(line)).toEqual({ values, problems: [] });
  });

  it('skips comments and blank lines, and CRLF line ends', () => {
    expect(parse('# heading\r\n\r\nA=1\r\n  # indented comment\r\nB=2\r\n').values).toEqual({ A: '1', B: '2' });
  });

  it('reads a quoted value over several lines and keeps counting lines after it', () => {
    const text = lines('A="first', 'second"', 'B=2', '9bad=x');
    const { values, problems } = parse(text);
    expect(values).toEqual({ A: 'first\nsecond', B: '2' });
    expect(problems).toMatchObject([{ file: '/p/.env', line: 4, column: 1, message: 'expected KEY=VALUE, got "9bad=x"' }]);
  });

  it('reports an unterminated quote at the line that opens it', () => {
    expect(parse(lines('A=1', "B='open", 'C=3')).problems).toEqual([
      { file: '/p/.env', line: 2, column: 1, path: '', message: 'the single quote opened here is never closed', hint: "close the value with '" },
    ]);
  });

  it('reports text after a closing quote', () => {
    expect(parse(lines('A=1', 'B="x" y')).problems).toMatchObject([{ line: 2, message: 'unexpected "y" after the closing quote' }]);
  });

  it('reports a line that is not an assignment', () => {
    expect(parse(lines('A=1', 'not an assignment')).problems).toMatchObject([
      { line: 2, message: 'expected KEY=VALUE, got "not an assignment"', hint: 'variable names use letters, digits and _ and do not start with a digit' },
    ]);
  });
});

describe('.env interpolation, as Compose does it', () => {
  it('expands unquoted and double-quoted values from the environment, then earlier lines; single quotes stay literal', async () => {
    const { expandDotenv } = await import('../../../src/config/dotenv-expand.js');
    const problems = new Problems();
    const text = lines('A=1', 'B=${A}-x', 'C="${A}-dq"', "D='${A}-sq'", 'E=${NOPE:-dflt}', 'F=${SHELL_ONLY}', 'G=$$lit', 'H=${UNSET}', 'SHELL_ONLY');
    const values = expandDotenv(parseDotenv(text, '/p/.env', problems), (name) => ({ SHELL_ONLY: 'sh', A: undefined })[name], '/p/.env', problems);
    expect(values).toEqual({ A: '1', B: '1-x', C: '1-dq', D: '${A}-sq', E: 'dflt', F: 'sh', G: '$lit', H: '', SHELL_ONLY: 'sh' });
    expect(() => problems.throwIfAny()).not.toThrow();
  });

  it('reports a required variable with the line it is on', async () => {
    const { expandDotenv } = await import('../../../src/config/dotenv-expand.js');
    const problems = new Problems();
    expandDotenv(parseDotenv(lines('A=1', 'B=${NEEDED:?set NEEDED}'), '/p/.env', problems), () => undefined, '/p/.env', problems);
    expect(() => problems.throwIfAny()).toThrow(ConfigError);
    try {
      problems.throwIfAny();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        { file: '/p/.env', line: 2, column: 1, path: 'B', message: 'set NEEDED', hint: 'set NEEDED in the environment or .env' },
      ]);
    }
  });
});
