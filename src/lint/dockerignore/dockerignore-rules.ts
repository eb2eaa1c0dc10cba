import type { Rule } from '../finding.js';
import { dockerignoreExcludes } from './excludes.js';
import { dockerignoreKeepsEnvExample } from './keeps-env-example.js';
import { dockerignorePresent } from './present.js';
import type { DockerignoreTarget } from './target.js';

export const dockerignoreRules: Array<Rule<DockerignoreTarget>> = [dockerignorePresent, dockerignoreExcludes, dockerignoreKeepsEnvExample];
