import type { Rule } from '../finding.js';
import { services, type StackTarget } from './target.js';

export const resourceLimits: Rule<StackTarget> = {
  id: 'stack/limits',
  severity: 'warning',
  summary: 'Every service has a memory limit, so one runaway service cannot take the machine down.',
  check(target) {
    return services(target)
      .filter((s) => s.memLimitBytes === undefined)
      .map((s) => ({
        at: target.locate(['services', s.name]),
        message: `service ${s.name} has no memory limit`,
        hint: 'add `mem_limit: 512m` (and `cpus: 1.0`) sized to what it needs',
      }));
  },
};
