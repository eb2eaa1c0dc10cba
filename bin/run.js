#!/usr/bin/env node
import module from 'node:module';

// Cache compiled modules across runs: start-up time is felt on every command.
module.enableCompileCache?.();

const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
