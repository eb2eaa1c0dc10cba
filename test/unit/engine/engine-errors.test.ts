import { describe, expect, it } from 'vitest';
import { EngineExecutableMissingError, EngineNotFoundError, EnginePortTakenError, EnginePullError, ImageNotFoundError } from '../../../src/errors.js';
import { engineText, execMissingExecutable, typedEngineError } from '../../../src/engine/engine-errors.js';

describe("the engine's own words", () => {
  it('come from the body of a streamed call, not the "server error" reason', () => {
    const streamed = {
      statusCode: 500,
      reason: 'server error',
      json: null,
      message: '(HTTP code 500) server error - Cannot locate specified Dockerfile: Dockerfile ',
    };
    expect(engineText(streamed)).toBe('Cannot locate specified Dockerfile: Dockerfile');
    expect(
      engineText({
        json: { message: 'No such container: x' },
        reason: 'no such container',
        message: '(HTTP code 404) no such container - No such container: x ',
      }),
    ).toBe('No such container: x');
  });
});

describe('typed engine errors', () => {
  it('a port taken, with its host port', () => {
    const error = typedEngineError(
      'start container abc',
      500,
      'driver failed programming external connectivity: Bind for 127.0.0.1:8088 failed: port is already allocated',
    );
    expect(error).toBeInstanceOf(EnginePortTakenError);
    expect((error as EnginePortTakenError).hostPort).toBe(8088);
  });

  it('an executable missing from the image', () => {
    const error = typedEngineError('start container abc', 400, 'OCI runtime create failed: exec: "nodejs": executable file not found in $PATH: unknown');
    expect((error as EngineExecutableMissingError).executable).toBe('nodejs');
  });

  it('not found is a 404', () => expect(typedEngineError('inspect x', 404, 'No such container: x')).toBeInstanceOf(EngineNotFoundError));

  it.each([
    ['Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused', 500, 'registry-unreachable'],
    ['manifest for 127.0.0.1:5000/x:1 not found: manifest unknown: manifest unknown', 404, 'name-not-found'],
    ["pull access denied for nope, repository does not exist or may require 'docker login'", 404, 'name-not-found'],
    ['Head "https://r.example/v2/x/manifests/1": unauthorized: authentication required', 500, 'auth'],
  ] as const)('a pull failing with "%s" is %s', (message, status, failure) => {
    const error = typedEngineError('pull x', status, message, 'pull') as EnginePullError;
    expect(error.failure).toBe(failure);
  });

  it('the pull hint follows the cause: an unreachable registry does not blame the image name', () => {
    expect(new ImageNotFoundError('x:1', 'db', 'dial tcp: connection refused', 'registry-unreachable').hint).toMatch(
      /registry did not answer.*not the problem/,
    );
    expect(new ImageNotFoundError('x:1', 'db', 'manifest unknown', 'name-not-found').hint).toMatch(/check the image name and tag/);
  });
});

describe('an exec the runtime could not start', () => {
  const refused = (text: string, exitCode = 126) => ({ exitCode, stdout: '', stderr: text });

  it.each([
    ['OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown', 'curl'],
    ['OCI runtime exec failed: exec failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown', '/bin/sh'],
    [
      'rpc error: code = 2 desc = oci runtime error: exec failed: container_linux.go:262: starting container process caused "exec: \\"wget\\": executable file not found in $PATH"',
      'wget',
    ],
  ])('names the missing program from "%s"', (text, program) => {
    expect(execMissingExecutable(['probe', '-x'], refused(text))).toBe(program);
  });

  it("is the command's own program when the runtime does not name it", () => {
    expect(execMissingExecutable(['/healthz'], refused('OCI runtime exec failed: no such file or directory: unknown'))).toBe('/healthz');
  });

  it("is nothing for a program that ran: one that failed, or that passed saying the runtime's words", () => {
    expect(execMissingExecutable(['sh', '-c', 'curl x'], refused('sh: curl: not found', 127))).toBeUndefined();
    expect(execMissingExecutable(['check'], refused('exec: "x": executable file not found', 0))).toBeUndefined();
  });
});
