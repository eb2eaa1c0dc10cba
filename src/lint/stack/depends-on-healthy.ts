import type { Rule } from '../finding.js';
import { hasHealthcheck, services, type StackTarget } from './target.js';

export const dependsOnHealthy: Rule<StackTarget> = {
  id: 'stack/depends-on-healthy',
  severity: 'warning',
  summary: '`depends_on` waits for `service_healthy` when the dependency has a healthcheck.',
  check(target) {
    return services(target).flatMap((s) =>
      Object.entries(s.dependsOn)
        .filter(([name, dep]) => dep.condition === 'service_started' && target.stack.services[name] && hasHealthcheck(target, target.stack.services[name]))
        .map(([name]) => ({
          at: target.locate(['services', s.name, 'depends_on', name]),
          message: `${s.name} starts as soon as ${name} runs, before ${name} is healthy`,
          hint: `write \`depends_on: { ${name}: { condition: service_healthy } }\``,
        })),
    );
  },
};
