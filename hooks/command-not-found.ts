import { type Hook, toConfiguredId } from '@oclif/core';
import { commandNotFound } from '../src/cli/command-not-found.js';

/** devstack's own, in place of @oclif/plugin-not-found, whose non-terminal branch exits 127 and suggests nothing. */
const hook: Hook.CommandNotFound = async function (opts) {
  const hidden = new Set(opts.config.commands.filter((c) => c.hidden).map((c) => c.id));
  return commandNotFound({
    id: opts.id,
    argv: opts.argv ?? [],
    commandIds: [...opts.config.commandIDs, ...opts.config.commands.flatMap((c) => c.aliases)].filter((id) => !hidden.has(id)),
    spoken: (id) => toConfiguredId(id, opts.config),
    run: (id, argv) => opts.config.runCommand(id, argv),
  });
};

export default hook;
