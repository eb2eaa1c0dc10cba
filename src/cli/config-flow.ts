import { stringify } from 'yaml';
import { composeView } from '../model/compose-view.js';
import type { StackSpec } from '../model/stack.js';
import { loadStackFromFlags, type StackFlags } from './load-stack.js';
import { currentRun } from '../ui/run-context.js';

export type ConfigFormat = 'yaml' | 'json';

export interface ConfigFlags extends StackFlags {
  format: ConfigFormat;
  /** `--no-mask`: the values as they will run, for a file generated for CI or a deployment. */
  mask: boolean;
}

/** The merged, interpolated stack, as it will run, in the shape `docker compose config` prints; secrets masked unless asked not to. */
export async function renderConfig(flags: ConfigFlags): Promise<{ stack: StackSpec; text: string }> {
  const stack = await loadStackFromFlags(flags);
  const view = composeView(stack);
  // Masked as data, before serialising: a secret that YAML or JSON would quote or escape still matches.
  const shown = flags.mask ? currentRun().secrets.maskData(view) : view;
  const text = flags.format === 'json' ? JSON.stringify(shown, null, 2) : stringify(shown, { lineWidth: 0 });
  return { stack, text };
}
