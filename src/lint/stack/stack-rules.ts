import type { Rule } from '../finding.js';
import { buildDockerfileExists } from './build-dockerfile.js';
import { dependsOnHealthy } from './depends-on-healthy.js';
import { noDockerSocket } from './docker-socket.js';
import { stackHealthcheck } from './healthcheck.js';
import { noLatest } from './latest-tag.js';
import { resourceLimits } from './limits.js';
import { noPrivileged } from './privileged.js';
import { noPublicPorts } from './public-port.js';
import type { StackTarget } from './target.js';

export const stackRules: Array<Rule<StackTarget>> = [
  stackHealthcheck,
  dependsOnHealthy,
  resourceLimits,
  noLatest,
  noPrivileged,
  noDockerSocket,
  noPublicPorts,
  buildDockerfileExists,
];
