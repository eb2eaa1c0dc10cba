import type { Hook } from '@oclif/core';
import { addServiceCompletion } from '../src/cli/service-completion-files.js';

/** `autocomplete` (and the plugin's own refresh, `autocomplete:create`) write the completion files anew: extend them each time. */
const hook: Hook.Postrun = async function (opts) {
  if (opts.Command.id !== 'autocomplete' && opts.Command.id !== 'autocomplete:create') return;
  await addServiceCompletion(opts.config.cacheDir, opts.config.bin, opts.config.commands);
};

export default hook;
