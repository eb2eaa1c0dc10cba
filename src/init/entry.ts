import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/** What starts the app, and where that was read, so `init` can say why it chose it. */
export interface Entry {
  /** Node: the script `node --watch` runs; Go: the main package Air builds; Python: the command. */
  value: string;
  from: string;
}

interface PackageJson {
  main?: unknown;
  scripts?: Record<string, unknown>;
}

const SCRIPT = /\.(c|m)?js$/;

/** The first word of an npm script that names a script file of the project (`node --watch src/server.js`, `nodemon app.js`). */
function scriptFile(dir: string, command: string): string | undefined {
  for (const word of command.split(/\s+/)) {
    const path = posix.normalize(word.replace(/^['"]|['"]$/g, ''));
    if (!word.startsWith('-') && SCRIPT.test(path) && existsSync(join(dir, path))) return path;
  }
  return undefined;
}

/** Node: `scripts.dev`, then `scripts.start`, then `main`, then the usual file names, as far as the files exist. */
export function nodeEntry(dir: string): Entry | undefined {
  let pkg: PackageJson = {};
  try {
    pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    // An unreadable package.json still has files next to it to go by.
  }
  for (const script of ['dev', 'start']) {
    const command = pkg.scripts?.[script];
    const file = typeof command === 'string' ? scriptFile(dir, command) : undefined;
    if (file) return { value: file, from: `package.json scripts.${script}` };
  }
  if (typeof pkg.main === 'string') {
    const main = posix.normalize(pkg.main);
    for (const file of [main, `${main}.js`, posix.join(main, 'index.js')])
      if (SCRIPT.test(file) && existsSync(join(dir, file))) return { value: file, from: 'package.json main' };
  }
  for (const file of ['src/index.js', 'src/server.js', 'src/main.js', 'index.js', 'server.js', 'app.js', 'main.js'])
    if (existsSync(join(dir, file))) return { value: file, from: file };
  return undefined;
}

/** Go: the main package, at the top of the module or the first under cmd/. */
export function goMain(dir: string): Entry | undefined {
  if (existsSync(join(dir, 'main.go'))) return { value: '.', from: 'main.go' };
  const commands = existsSync(join(dir, 'cmd'))
    ? readdirSync(join(dir, 'cmd'), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];
  const found = commands.find((name) => existsSync(join(dir, 'cmd', name, 'main.go')));
  return found ? { value: `./cmd/${found}`, from: `cmd/${found}/main.go` } : undefined;
}

/** Python: a package run with -m (what the app-python profile runs by default is `python -m app`), or a top-level script. */
export function pythonCommand(dir: string): Entry | undefined {
  if (existsSync(join(dir, 'manage.py'))) return { value: 'python manage.py runserver 0.0.0.0:8080', from: 'manage.py' };
  const packages = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, '__main__.py')))
    .map((e) => e.name)
    .sort();
  const pkg = packages.includes('app') ? 'app' : packages[0];
  if (pkg) return { value: `python -m ${pkg}`, from: `${pkg}/__main__.py` };
  for (const file of ['main.py', 'app.py', 'server.py']) if (existsSync(join(dir, file))) return { value: `python ${file}`, from: file };
  return undefined;
}
