import type { Rule } from '../finding.js';
import { services, type StackTarget } from './target.js';

/** `privileged:` itself is refused by the loader; these capabilities amount to the same. */
const ROOT_EQUIVALENT = new Set(['ALL', 'SYS_ADMIN', 'CAP_SYS_ADMIN']);

export const noPrivileged: Rule<StackTarget> = {
  id: 'stack/privileged',
  severity: 'error',
  summary: 'No service gets root-equivalent capabilities (ALL, SYS_ADMIN).',
  check(target) {
    return services(target).flatMap((s) =>
      (s.capAdd ?? []).flatMap((cap, i) =>
        ROOT_EQUIVALENT.has(cap.toUpperCase())
          ? [
              {
                at: target.locate(['services', s.name, 'cap_add', i]),
                message: `service ${s.name} adds ${cap}: as good as privileged, it can take over the host`,
                hint: 'add only the capability the tool needs (e.g. SYS_PTRACE for a debugger)',
              },
            ]
          : [],
      ),
    );
  },
};
