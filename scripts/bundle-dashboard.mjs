#!/usr/bin/env node
/**
 * Builds the dashboard's page (src/dashboard/web) into dist/dashboard/: one minified ES module with
 * preact bundled in, and its stylesheet. The page is served from the package; it needs no network.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? root, 'dist', 'dashboard');
const web = join(root, 'src', 'dashboard', 'web');

mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(web, 'app.ts')],
  outfile: join(out, 'app.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
copyFileSync(join(web, 'app.css'), join(out, 'app.css'));
