import { stringify } from 'yaml';
import { composeView } from '../model/compose-view.js';
import { loadStackFromFlags, type StackFlags } from './load-stack.js';
import { currentRun } from '../ui/run-context.js';
import { print, resultsOnScreen, say } from '../ui/output.js';

export type ConfigFormat = 'yaml' | 'json';

export interface ConfigFlags extends StackFlags {
  format: ConfigFormat;
  /** `--no-mask`: the values as they will run, for a file generated for CI or a deployment. */
  mask: boolean;
}

/**
 * `config`: the merged, interpolated stack, as it will run, in the shape `docker compose config` prints;
 * secrets masked unless asked not to, with a warning when clear text lands on a screen.
 */
export async function runConfig(flags: ConfigFlags): Promise<void> {
  if (!flags.mask && resultsOnScreen()) say('warning: --no-mask prints secrets in clear; pipe it to a file rather than a shared screen');
  const view = composeView(await loadStackFromFlags(flags));
  // Masked as data, before serialising: a secret that YAML or JSON would quote or escape still matches.
  const shown = flags.mask ? currentRun().secrets.maskData(view) : view;
  const text = flags.format === 'json' ? JSON.stringify(shown, null, 2) : stringify(shown, { lineWidth: 0 });
  print(text.endsWith('\n') ? text.slice(0, -1) : text, { mask: flags.mask });
}
