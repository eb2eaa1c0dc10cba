import { DevstackError } from '../errors.js';

/** The engine cannot build with BuildKit at all (no build sessions, or it refuses `version=2`): the caller falls back to the legacy builder. */
export class BuildKitUnavailable extends DevstackError {
  readonly exitCode = 1;
}
