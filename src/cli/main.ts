/**
 * What bin/run.js runs: oclif's `execute` from the bundle the commands share (scripts/bundle.mjs puts
 * @oclif/core in dist/chunks), so one copy of oclif is loaded, the one the commands extend.
 */
export { execute } from '@oclif/core';
