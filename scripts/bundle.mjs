#!/usr/bin/env node
/**
 * Builds dist/ for the package root given as the first argument (default: this checkout): each oclif
 * command in commands/ (and hook in hooks/) becomes one ES module with our own code bundled in,
 * dist/main.js is what bin/run.js runs (oclif's execute), and what they share goes to dist/chunks/
 * (outside dist/commands, where oclif looks for commands). `await import()` stays a lazy chunk, so
 * dockerode is still loaded only by the commands that talk to the engine.
 *
 * Why: started from tsc's output, `status` loaded some 75 of our modules and `up` some 120, one file
 * each; Node 20 has no compile cache, and resolving, reading and linking them cost ~30 ms of every
 * command (A/B on `status`: 335 vs 300 ms median). Types are checked by `tsc --noEmit` before this.
 *
 * @oclif/core and yaml, which every command loads, are bundled too, with everything they require:
 * from node_modules that was some 150 CommonJS files for `status`, each resolved, read and wrapped
 * on its own (A/B on `status`, 20 alternating runs: 234 -> 197 ms CPU). The other dependencies stay
 * in node_modules: dockerode's optional parts are deferred by their paths there (load-dockerode.ts),
 * and the rest is loaded by few commands. oclif's plugins (help, autocomplete, not-found) load their
 * own @oclif/core from node_modules, only on the lines that need them (bin/run.js).
 *
 * dockerode (with docker-modem and what they require) is bundled on its own, as dist/vendor/dockerode.cjs,
 * which load-dockerode.ts loads when it is there: some 40 CommonJS files from node_modules, resolved and
 * read one by one, were ~10 ms of every command that talks to the engine (A/B, 25 alternating runs of
 * `new Docker()`: 77 -> 67 ms median, node alone 52). What it loads only for some calls stays out of the
 * bundle and is required from node_modules on first use, as load-dockerode.ts defers it there: its own
 * BuildKit session and BuildKit progress decoding (gRPC, protobuf), and docker-modem's ssh transport (ssh2).
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require_ = createRequire(join(root, 'package.json'));
const out = resolve(process.argv[2] ?? root, 'dist');
const BUNDLED = ['@oclif/core', 'yaml'];
const dependencies = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies);
// oclif requires these only to run a plugin's TypeScript sources in development (config/ts-path.js); never installed.
const DEVELOPMENT_ONLY = ['typescript', 'ts-node'];

/**
 * CommonJS bundled into an ES module keeps its `require` of Node's own modules and of absolute paths
 * (oclif loads package.json files and commands by path), so each output file gets one of its own.
 */
const banner = "import { createRequire as __devstackCreateRequire } from 'node:module'; const require = __devstackCreateRequire(import.meta.url);";

/** oclif finds its own package.json from __dirname (its version, in cache.js): point it at the installed package. */
const oclifDirname = {
  name: 'oclif-dirname',
  setup(build) {
    build.onLoad({ filter: /[\\/]@oclif[\\/]core[\\/]lib[\\/].*\.js$/ }, (args) => {
      const contents = readFileSync(args.path, 'utf8');
      if (!contents.includes('__dirname')) return undefined;
      const sub = args.path
        .split(/[\\/]lib[\\/]/)
        .pop()
        .split(/[\\/]/)
        .slice(0, -1);
      const dir = `require('node:path').join(require('node:path').dirname(require.resolve('@oclif/core/package.json')), 'lib', ...${JSON.stringify(sub)})`;
      return { contents: `var __dirname = ${dir};\n${contents}`, loader: 'js' };
    });
  },
};

function commandFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? commandFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

rmSync(out, { recursive: true, force: true });
const commands = join(root, 'commands');
const hooks = join(root, 'hooks');
await build({
  // oclif loads hooks/ (named in package.json) as it loads commands: each its own entry, sharing the chunks.
  entryPoints: [
    ...[commands, hooks].flatMap((dir) =>
      commandFiles(dir).map((file) => ({ in: file, out: join(basename(dir), file.slice(dir.length + 1).replace(/\.ts$/, '')) })),
    ),
    { in: join(root, 'src/cli/main.ts'), out: 'main' },
  ],
  outdir: out,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: [...dependencies.filter((name) => !BUNDLED.includes(name)), ...DEVELOPMENT_ONLY],
  banner: { js: banner },
  plugins: [oclifDirname],
  sourcemap: true,
  logLevel: 'warning',
});

/** A module that exports one function, replaced by one that requires the real module (from node_modules) on its first call. */
function deferredFunction(request) {
  return `let real; module.exports = function (...args) { real ??= require(${JSON.stringify(request)}); return real.apply(this, args); };`;
}

const fromDockerode = createRequire(require_.resolve('dockerode'));
const DEFERRED = new Map([
  [fromDockerode.resolve('./session.js'), 'dockerode/lib/session.js'],
  [createRequire(fromDockerode.resolve('docker-modem')).resolve('./ssh.js'), 'docker-modem/lib/ssh.js'],
]);
const vendorDockerode = {
  name: 'vendor-dockerode',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, (args) => (DEFERRED.has(args.path) ? { contents: deferredFunction(DEFERRED.get(args.path)), loader: 'js' } : undefined));
    // Required inside followProgress only (BuildKit progress, which devstack decodes itself): left to node_modules.
    build.onResolve({ filter: /^\.\/buildkit$/ }, () => ({ path: 'dockerode/lib/buildkit.js', external: true }));
    // The stand-ins' own requires, of the real modules.
    build.onResolve({ filter: /^(dockerode|docker-modem)\/lib\// }, (args) => ({ path: args.path, external: true }));
  },
};
await build({
  entryPoints: [require_.resolve('dockerode')],
  outfile: join(out, 'vendor/dockerode.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  plugins: [vendorDockerode],
  logLevel: 'warning',
});
