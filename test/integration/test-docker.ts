import { createRequire } from 'node:module';
import type Docker from 'dockerode';
import { resolveEndpoint } from '../../src/engine/endpoint.js';
import { modemOptions } from '../../src/engine/modem-options.js';

const require = createRequire(import.meta.url);

/** The tests' own client for the engine under test, reached with the same settings the CLI resolves. */
export function testDocker(): Docker {
  const DockerCtor = require('dockerode') as typeof Docker;
  return new DockerCtor(modemOptions(resolveEndpoint(process.env)));
}
