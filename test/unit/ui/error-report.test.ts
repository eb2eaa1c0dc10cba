import { describe, expect, it } from 'vitest';
import { ConfigError, EngineUnavailableError, InterruptedError, ServiceNotReadyError } from '../../../src/errors.js';
import { reportError as report } from '../../../src/ui/error-report.js';
import { SecretRegistry } from '../../../src/ui/secret-registry.js';

const reportError = (error: unknown, mask: (text: string) => string = (text) => text) => report(error, mask);

describe('reportError', () => {
  it('prints every config problem at file:line:column with its fix, exit 2', () => {
    const report = reportError(
      new ConfigError([
        { file: 'devstack.yml', line: 3, column: 5, path: 'services.api.imgae', message: 'unknown key "imgae"', hint: 'did you mean "image"?' },
        { file: 'devstack.yml', line: 9, column: 7, path: 'services.api.depends_on.dbb', message: 'no service named "dbb"' },
      ]),
    );
    expect(report.exitCode).toBe(2);
    expect(report.text).toContain('devstack.yml:3:5  services.api.imgae: unknown key "imgae"');
    expect(report.text).toContain('fix: did you mean "image"?');
    expect(report.text).toContain('devstack.yml:9:7');
  });

  it('says where each service was left after an interrupt, one line each, exit 130', () => {
    const report = reportError(
      new InterruptedError([
        { service: 'db', state: 'running, not yet ready' },
        { service: 'api', state: 'not started' },
      ]),
    );
    expect(report.exitCode).toBe(130);
    expect(report.text.split('\n').slice(-2)).toEqual(['  db: running, not yet ready', '  api: not started']);
  });

  it('shows a failed service with its probe outputs and log lines, exit 1', () => {
    const report = reportError(
      new ServiceNotReadyError('api', 'unhealthy', 'did not pass its healthcheck before the timeout', ['exit 1: refused'], ['listening', 'panic']),
    );
    expect(report.exitCode).toBe(1);
    expect(report.text.split('\n')).toEqual(
      expect.arrayContaining(['error: Service api did not pass its healthcheck before the timeout', '    exit 1: refused', '    | panic']),
    );
  });

  it('says what was tried when no engine answers', () => {
    const report = reportError(new EngineUnavailableError('unix:///var/run/docker.sock (from the default socket)', 'ENOENT', 'Start Docker.'));
    expect(report.text).toContain('No Docker engine answered at unix:///var/run/docker.sock (from the default socket): ENOENT');
    expect(report.text).toContain('hint: Start Docker.');
  });

  it('treats anything else as a bug and shows its stack', () => {
    expect(reportError(new TypeError('x is undefined')).text).toContain('a bug in devstack');
  });

  it('masks secrets wherever they appear', () => {
    const secrets = new SecretRegistry();
    secrets.add(['s3cr3t-pass']);
    expect(
      reportError(new ServiceNotReadyError('db', 'exited', 'exited (code 1) during start', [], ['password is s3cr3t-pass']), secrets.masker).text,
    ).not.toContain('s3cr3t-pass');
  });
});

describe('several errors at once', () => {
  it('lists each, and says each distinct fix once', async () => {
    const { MultipleErrors, NameConflictError } = await import('../../../src/errors.js');
    const report = reportError(new MultipleErrors([new NameConflictError('container', 'a-1', 'x'), new NameConflictError('volume', 'a_data', 'x')]));
    expect(report.text).toContain('2 things went wrong:');
    expect(report.text.match(/hint: Rename or remove it yourself/g)).toHaveLength(1);
  });
});
