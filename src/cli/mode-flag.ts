import { Flags } from '@oclif/core';

/** `--mode NAME`: the `x-devstack.modes` overlay the stack is loaded in; DEVSTACK_MODE sets a default. */
export const modeFlag = {
  mode: Flags.string({
    description: 'run the stack in this mode: dev (default), prod, or one declared under x-devstack.modes',
    env: 'DEVSTACK_MODE',
    helpGroup: 'STACK',
  }),
};
