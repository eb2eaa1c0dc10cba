import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImageSize } from '../../../src/config/size.js';
import { formatBytes } from '../../../src/model/bytes.js';
import { lines, loadYaml, problemsOfYaml } from './helpers.js';

const service = (...extra: string[]) => lines('services:', '  api:', '    build: .', '    x-devstack:', ...extra.map((l) => `      ${l}`));

describe('x-devstack.size_budget and x-devstack.test', () => {
  it.each([
    ['20MB', 20e6],
    ['20 MB', 20e6],
    ['1.5GB', 1.5e9],
    ['512kB', 512e3],
    ['20MiB', 20 * 1024 ** 2],
    ['1000', 1000],
  ])('size_budget: %s', async (text, bytes) => {
    expect((await loadYaml(service(`size_budget: ${text}`))).services.api!.sizeBudgetBytes).toBe(bytes);
  });

  it('a malformed budget is reported at its value with the fix', async () => {
    expect(await problemsOfYaml(service('size_budget: twenty'))).toEqual([
      {
        file: 'devstack.yml',
        line: 5,
        column: 20,
        path: 'services.api.x-devstack.size_budget',
        message: 'invalid size budget "twenty"',
        hint: 'write a size such as 20MB, 150MB or 1.5GB',
      },
    ]);
    expect(await problemsOfYaml(service('size_budget: [1]'))).toMatchObject([
      { line: 5, path: 'services.api.x-devstack.size_budget', message: 'expected a string, got a list' },
    ]);
    expect(await problemsOfYaml(service('size_budget: 0MB'))).toMatchObject([{ message: 'invalid size budget "0MB"' }]);
  });

  it('test: a string is split like a command line, a list taken as is', async () => {
    expect((await loadYaml(service('test: go test ./... -run "Test A"'))).services.api!.testCommand).toEqual(['go', 'test', './...', '-run', 'Test A']);
    expect((await loadYaml(service('test: [npm, test]'))).services.api!.testCommand).toEqual(['npm', 'test']);
    expect(await problemsOfYaml(service('test: "npm test \'unclosed"'))).toMatchObject([{ line: 5, path: 'services.api.x-devstack.test' }]);
  });
});

describe('image sizes', () => {
  it('parses what it formats, within the rounding of the format', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50e9 }), (bytes) => {
        const back = parseImageSize(formatBytes(bytes))!;
        expect(Math.abs(back - bytes) / bytes).toBeLessThan(0.06);
      }),
    );
  });

  it('never accepts a non-positive or unitless-garbage size', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const bytes = parseImageSize(text);
        expect(bytes === undefined || (Number.isInteger(bytes) && bytes > 0)).toBe(true);
      }),
    );
    expect(parseImageSize('20 XB')).toBeUndefined();
    expect(parseImageSize('-5MB')).toBeUndefined();
  });
});
