/** On a container in debug mode: `<runtime>:<container port>`; the host port is read from its published ports. */
export const LABEL_DEBUG = 'dev.devstack.debug';
/** On a container in debug mode: the config hash its service would have without debugging (for `up --keep-debug`). */
export const LABEL_DEBUG_OF = 'dev.devstack.debug-of';

export function parseDebugLabel(value: string | undefined): { runtime: string; containerPort: number } | undefined {
  const match = /^([a-z]+):(\d+)$/.exec(value ?? '');
  return match ? { runtime: match[1]!, containerPort: Number(match[2]) } : undefined;
}
