import type { Rule } from '../finding.js';
import { hasHealthcheck, isOneShot, services, type StackTarget } from './target.js';

export const stackHealthcheck: Rule<StackTarget> = {
  id: 'stack/healthcheck',
  severity: 'warning',
  summary: 'Every long-running service has a healthcheck, so `up` knows when it is ready.',
  check(target) {
    return services(target)
      .filter((s) => !hasHealthcheck(target, s) && !isOneShot(target, s.name))
      .map((s) => ({
        at: target.locate(['services', s.name]),
        message: `service ${s.name} has no healthcheck: it counts as ready as soon as it runs`,
        hint: 'add `healthcheck: { test: ["CMD", …], interval: 5s }` that probes what the service serves',
      }));
  },
};
