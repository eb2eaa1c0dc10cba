#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Cache compiled modules across runs (Node 22.1+; Node 20 has no compile cache): start-up is felt on every command.
module.enableCompileCache?.();

// `devstack --version` answers from package.json without loading oclif (about 100 ms here), in oclif's
// own format. Only where oclif would say the same: it names WSL as a platform of its own, so there
// (a "microsoft" kernel) the question goes to oclif.
async function quickVersion() {
  if (process.argv[2] !== '--version') return false;
  const { arch, platform, release } = await import('node:os');
  if (platform() === 'linux' && /microsoft/i.test(release())) return false;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.name}/${pkg.version} ${platform()}-${arch() === 'ia32' ? 'x86' : arch()} node-${process.version}\n`);
  return true;
}

/**
 * oclif checks its own `engines` (Node >= 18) with semver on import, ~15 ms of every command; ours are
 * stricter, so the check that matters is this one, on two numbers.
 */
function checkNode() {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const [major, minor] = (/^>=(\d+)\.(\d+)$/.exec(pkg.engines.node) ?? []).slice(1).map(Number);
  const [haveMajor, haveMinor] = process.versions.node.split('.').map(Number);
  if (haveMajor < major || (haveMajor === major && haveMinor < minor)) {
    process.emitWarning(`devstack needs Node ${pkg.engines.node}; this is ${process.version}. Upgrade Node if a command fails.`);
  }
  process.env.OCLIF_DISABLE_ENGINE_WARNING = 'true';
}

/**
 * oclif's plugins (help and autocomplete: package.json `oclif.pluginsOnDemand`) are loaded only for
 * a line that may need one: a word that is none of our commands (or none at all: devstack's not-found
 * hook suggests among every command, the plugins' too, and the root help lists them), `help`, `autocomplete`, or
 * --help/-h. Reading their package files and manifests cost ~10 ms of every command (A/B on status).
 */
function pluginsFor(argv, pkg) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8'));
  } catch {
    // No manifest (a build without `oclif manifest`): oclif finds the commands by itself; load every plugin.
    return pkg.oclif.pluginsOnDemand;
  }
  const ours = new Set(Object.values(manifest.commands).flatMap((c) => [c.id, ...(c.aliases ?? [])].map((id) => id.split(':')[0])));
  const words = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : argv.length);
  const needed = !ours.has(argv[0]) || words.includes('--help') || words.includes('-h');
  return needed ? pkg.oclif.pluginsOnDemand : [];
}

if (!(await quickVersion())) {
  checkNode();
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const { execute } = await import('../dist/main.js');
  await execute({ loadOptions: { root: fileURLToPath(import.meta.url), pluginAdditions: { core: pluginsFor(process.argv.slice(2), pkg) } } });
}
