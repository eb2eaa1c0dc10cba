#!/usr/bin/env node
import module from 'node:module';

// Cache compiled modules across runs: start-up time is felt on every command.
module.enableCompileCache?.();

// `devstack --version` answers from package.json without loading oclif (about 100 ms here), in oclif's
// own format. Only where oclif would say the same: it names WSL as a platform of its own, so there
// (a "microsoft" kernel) the question goes to oclif.
async function quickVersion() {
  if (process.argv[2] !== '--version') return false;
  const { readFileSync } = await import('node:fs');
  const { arch, platform, release } = await import('node:os');
  if (platform() === 'linux' && /microsoft/i.test(release())) return false;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.name}/${pkg.version} ${platform()}-${arch() === 'ia32' ? 'x86' : arch()} node-${process.version}\n`);
  return true;
}

if (!(await quickVersion())) {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}
