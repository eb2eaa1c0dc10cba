import { stringify } from 'yaml';
import { composeView } from '../model/compose-view.js';
import type { StackSpec } from '../model/stack.js';
import { masker } from '../ui/error-report.js';
import { maskStrings } from '../ui/mask.js';
import { loadStackFromFlags, type StackFlags } from './context.js';

export type ConfigFormat = 'yaml' | 'json';

/** The merged, interpolated stack, as it will run, in the shape `docker compose config` prints, with every secret value masked. */
export async function renderConfig(flags: StackFlags & { format: ConfigFormat }): Promise<{ stack: StackSpec; text: string }> {
  const stack = await loadStackFromFlags(flags);
  const mask = masker(stack.secretValues);
  // Masked as data, before serialising: a secret that YAML or JSON would quote or escape still matches.
  const masked = maskStrings(composeView(stack), mask);
  const text = flags.format === 'json' ? JSON.stringify(masked, null, 2) : stringify(masked, { lineWidth: 0 });
  return { stack, text };
}

