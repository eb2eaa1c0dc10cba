import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devstack } from './helpers.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/doctor');

describe('devstack check as a user runs it', () => {
  it.each(['starter', 'fullstack'])('the shipped example %s passes its own rules, warnings included', async (example) => {
    const result = await devstack(['check', '--strict'], resolve(import.meta.dirname, '../../examples', example));
    expect(result.stdout).toMatch(/^No findings in \d+ files? checked\.$/m);
    expect(result.code, result.stdout).toBe(0);
  });

  it('exits 0 with no finding on a well-made project', async () => {
    const result = await devstack(['check', 'clean', 'clean-node'], FIXTURES);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('No findings in 3 files checked.');
  });

  it('exits 1 on errors, printing file:line:col rule-id severity message and a hint for each', async () => {
    const result = await devstack(['check', 'messy'], FIXTURES);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^messy\/Dockerfile:2:5 dockerfile\/no-secrets error ENV API_TOKEN looks like a secret\n {2}hint: pass it at run time/m);
    expect(result.stdout).toMatch(/^messy\/devstack\.yml:6:9 stack\/public-port warning service web publishes 8080:8080 on every interface/m);
    expect(result.stdout).toMatch(/^messy\/devstack\.yml:15:15 stack\/privileged error service cache adds SYS_ADMIN/m);
    expect(result.stdout).toMatch(/^2 errors, \d+ warnings in 2 files checked\.$/m);
    expect(result.stderr).toContain('check failed: 2 errors');
  });

  it('exits 0 on warnings alone, and 1 with --strict', async () => {
    // doctor's test stack: no healthcheck and busybox:latest are warnings, nothing is an error.
    const env = { WEB_PORT: '18080' };
    const warningsOnly = await devstack(['check', 'clean-node/Dockerfile', '../stacks/doctor'], FIXTURES, env);
    expect(warningsOnly.stdout).toMatch(/^0 errors, 2 warnings in 2 files checked\.$/m);
    expect(warningsOnly.code).toBe(0);
    const strict = await devstack(['check', 'clean-node/Dockerfile', '../stacks/doctor', '--strict'], FIXTURES, env);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('--strict fails on warnings too');
  });

  it('checks a stack in a shell without its required variables (CI has no .env), naming them', async () => {
    const result = await devstack(['check', '../stacks/doctor'], FIXTURES);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('note: not set here, checked with a placeholder value: WEB_PORT');
    expect(result.stdout).toMatch(/^0 errors, 2 warnings in 1 file checked\.$/m);
  });

  it('writes SARIF 2.1.0 and JSON for tools', async () => {
    const sarif = JSON.parse((await devstack(['check', 'messy', '--format', 'sarif'], FIXTURES)).stdout) as {
      version: string;
      runs: Array<{ results: Array<{ ruleId: string; level: string }> }>;
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toContainEqual(expect.objectContaining({ ruleId: 'dockerfile/no-secrets', level: 'error' }));
    const json = JSON.parse((await devstack(['check', 'messy', '--format', 'json'], FIXTURES)).stdout) as { summary: { errors: number } };
    expect(json.summary.errors).toBe(2);
  });

  it('refuses a PATH that is neither a stack nor a Dockerfile, as a usage error', async () => {
    const result = await devstack(['check', 'no-such-thing'], FIXTURES);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no-such-thing does not exist');
  });
});
