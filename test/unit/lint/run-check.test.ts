import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatJson } from '../../../src/lint/format-json.js';
import { formatSarif } from '../../../src/lint/format-sarif.js';
import { formatText } from '../../../src/lint/format-text.js';
import { allRules, runCheck } from '../../../src/lint/run-check.js';
import { ignoredRules } from '../../../src/lint/suppressions.js';
import { ConfigError } from '../../../src/errors.js';
import { PROFILES } from '../config/helpers.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/doctor');
const check = (paths: string[]) => runCheck({ cwd: FIXTURES, paths, env: {}, builtinProfilesDir: PROFILES });

describe('devstack check over a project', () => {
  it('finds nothing in a well-made project, its Dockerfile and .dockerignore', async () => {
    const result = await check(['clean']);
    expect(result.findings).toEqual([]);
    expect(result.files).toEqual([join(FIXTURES, 'clean/devstack.yml'), join(FIXTURES, 'clean/Dockerfile')]);
  });

  it('finds nothing in the well-made Dockerfile checked on its own', async () => {
    expect((await check(['clean/Dockerfile'])).findings).toEqual([]);
  });

  it('finds nothing in a well-made Node Dockerfile (ARG-named base, apt lists cleaned, manifests first)', async () => {
    const result = await check(['clean-node']);
    expect(result.files).toEqual([join(FIXTURES, 'clean-node/Dockerfile')]);
    expect(result.findings).toEqual([]);
  });

  it('reports a build: whose Dockerfile is missing as a finding at its build: key, not a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devstack-check-'));
    writeFileSync(join(dir, 'devstack.yml'), 'services:\n  app:\n    build: .\n    mem_limit: 256m\n    healthcheck:\n      test: ["CMD", "true"]\n');
    const result = await runCheck({ cwd: dir, paths: [], env: {}, builtinProfilesDir: PROFILES });
    expect(result.findings).toEqual([
      expect.objectContaining({
        ruleId: 'stack/build-dockerfile',
        severity: 'error',
        at: { file: join(dir, 'devstack.yml'), line: 3, column: 12 },
        message: `service app builds from ${join(dir, 'Dockerfile')}, which does not exist`,
      }),
    ]);
    expect(result.files).toEqual([join(dir, 'devstack.yml')]);
  });

  it('reports the messy project in file order, with every kind of rule', async () => {
    const { findings } = await check(['messy']);
    const ids = new Set(findings.map((f) => f.ruleId));
    for (const id of ['stack/docker-socket', 'stack/public-port', 'dockerfile/no-secrets', 'dockerignore/present']) expect(ids).toContain(id);
    const keys = findings.map((f) => `${f.at.file}:${String(f.at.line).padStart(3, '0')}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('drops a rule turned off by a comment in the file, and only there', async () => {
    const { findings } = await check(['messy']);
    // messy/devstack.yml says `# devstack-ignore stack/limits`.
    expect(findings.filter((f) => f.ruleId === 'stack/limits')).toEqual([]);
    expect(ignoredRules('FROM x\n# devstack-ignore dockerfile/exec-form, dockerfile/healthcheck\n')).toEqual(
      new Set(['dockerfile/exec-form', 'dockerfile/healthcheck']),
    );
    // The ids end with the comment's line: the next line's words are not taken for ids.
    expect(ignoredRules('# devstack-ignore stack/limits\nstack/healthcheck: x\n')).toEqual(new Set(['stack/limits']));
  });

  it('prints file:line:col rule-id severity message, a hint, and a summary', async () => {
    const { findings, files } = await check(['messy/Dockerfile']);
    const text = formatText(findings, files, FIXTURES).split('\n');
    expect(text).toContain('messy/Dockerfile:2:5 dockerfile/no-secrets error ENV API_TOKEN looks like a secret');
    expect(text[text.indexOf('messy/Dockerfile:2:5 dockerfile/no-secrets error ENV API_TOKEN looks like a secret') + 1]).toMatch(/^ {2}hint: /);
    expect(text.at(-1)).toMatch(/^1 error, \d+ warnings in 1 file checked\.$/);
  });

  it('speaks JSON and SARIF 2.1.0 with relative paths', async () => {
    const { findings, files } = await check(['messy/Dockerfile']);
    const json = JSON.parse(formatJson(findings, files, FIXTURES)) as { findings: Array<{ file: string; line: number }>; summary: { errors: number } };
    expect(json.summary.errors).toBe(1);
    expect(json.findings[0]!.file).toBe('messy/Dockerfile');
    const sarif = JSON.parse(formatSarif(findings, allRules, FIXTURES, '0.1.0')) as {
      version: string;
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string }> } };
        results: Array<{
          ruleId: string;
          level: string;
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }>;
        }>;
      }>;
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain('stack/public-port');
    const secret = sarif.runs[0]!.results.find((r) => r.ruleId === 'dockerfile/no-secrets')!;
    expect(secret.level).toBe('error');
    expect(secret.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'messy/Dockerfile', uriBaseId: 'SRCROOT' },
      region: { startLine: 2, startColumn: 5 },
    });
  });

  it('checks a stack whose required variables this shell lacks, with placeholders it names', async () => {
    const result = await check(['../stacks/doctor']);
    expect(result.placeholders).toEqual(['WEB_PORT']);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['stack/healthcheck', 'stack/no-latest']);
  });

  it('still refuses a stack with a real problem besides the unset variables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devstack-check-'));
    writeFileSync(join(dir, 'devstack.yml'), 'services:\n  web:\n    image: busybox:1.36\n    imgae: typo\n    environment:\n      A: ${NEEDED:?}\n');
    await expect(runCheck({ cwd: dir, paths: [], env: {}, builtinProfilesDir: PROFILES })).rejects.toThrow(ConfigError);
  });

  it('says what a PATH that is neither a stack nor a Dockerfile should be', async () => {
    await expect(check(['nowhere'])).rejects.toThrow('nowhere does not exist');
  });
});
