import { relative } from 'node:path';
import type { Rule } from '../finding.js';
import type { StackTarget } from './target.js';

/** A service whose build: names a Dockerfile that is not there cannot be built: said here, not as a crash or at `up`. */
export const buildDockerfileExists: Rule<StackTarget> = {
  id: 'stack/build-dockerfile',
  severity: 'error',
  summary: 'Every service with build: has its Dockerfile in its build context.',
  check(target) {
    return [...(target.missingDockerfiles ?? [])].map(([service, file]) => {
      const spec = target.stack.services[service]!;
      const named = relative(spec.build!.context, file);
      return {
        at: target.locate(['services', service, 'build']),
        message: `service ${service} builds from ${file}, which does not exist`,
        hint:
          named === 'Dockerfile'
            ? 'write a Dockerfile there (`devstack init` writes one for Node, Go and Python projects that have none), or point build.dockerfile at yours'
            : `create ${named}, or correct build.dockerfile`,
      };
    });
  },
};
