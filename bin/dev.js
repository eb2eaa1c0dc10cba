#!/usr/bin/env -S node --import tsx
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execute } from '@oclif/core';

// Every plugin, always: bin/run.js loads them only for the lines that need them, which matters only to users.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
await execute({ development: true, loadOptions: { root: fileURLToPath(import.meta.url), pluginAdditions: { core: pkg.oclif.pluginsOnDemand } } });
