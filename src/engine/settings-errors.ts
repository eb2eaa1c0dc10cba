import { DevstackError } from '../errors.js';

/**
 * An engine setting (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, a context's files)
 * that cannot be used as it is: found before any connection is made, so nothing was touched. Exit 2.
 */
export class EngineSettingError extends DevstackError {
  readonly exitCode = 2;
  constructor(
    readonly setting: string,
    problem: string,
    hint: string,
  ) {
    super(`${setting}: ${problem}`, hint);
  }
}

/**
 * The engine was reached but the connection was refused for who we are or who it is (a TLS
 * certificate that does not match, an ssh key the host refuses). Exit 1: the setting is well formed,
 * the two sides disagree. Nothing was touched.
 */
export class EngineRefusedError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly setting: string,
    problem: string,
    hint: string,
  ) {
    super(`${setting}: ${problem}`, hint);
  }
}
