/**
 * The build bench of issue 17: devstack build against `docker compose build` (Compose v2 + buildx, both
 * through the engine's BuildKit) on a Node-like and a Go-like Dockerfile with cache mounts:
 *  1. cold build: no layer cache (a fresh first step) and empty cache mounts (fresh cache ids);
 *  2. rebuild after a one-file source change, the cache mounts warm;
 *  3. rebuild with nothing changed.
 * Each tool builds its own copy of the contexts with its own cache ids, rounds alternate which tool goes
 * first. Goal: devstack/Compose <= 1.0 on each, and the one-file rebuild under 2 s.
 * Run alone with `npm run bench:build` (after `npm run bundle`), or as part of `npm run bench`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
type Tool = 'devstack' | 'compose';
type Flavor = 'node' | 'go';
type Step = 'cold' | 'one-file' | 'no-change';
const FLAVORS: Flavor[] = ['node', 'go'];
const STEPS: Step[] = ['cold', 'one-file', 'no-change'];
const PROJECT: Record<Tool, string> = { devstack: 'bench-build-devstack', compose: 'bench-build-compose' };

export type BuildBench = Record<string, { devstackMs: number; composeMs: number; ratio: number; devstackSamples: number[]; composeSamples: number[] }>;

function dockerfile(flavor: Flavor, tool: Tool, round: number): string {
  const cache = (what: string) => `id=bench-${tool}-${flavor}-${what}-${round}-${process.pid}`;
  const fresh = `RUN echo ${tool}-${round}-${process.pid}-${Date.now()} > /bench-round`;
  if (flavor === 'node') {
    return [
      'FROM node:20-slim',
      fresh,
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      `RUN --mount=type=cache,target=/root/.npm,${cache('npm')} npm ci --offline --no-audit --no-fund`,
      'COPY src ./src',
      "RUN node -e \"const fs=require('fs');fs.mkdirSync('dist');fs.writeFileSync('dist/bundle.js',fs.readdirSync('src').sort().map(f=>fs.readFileSync('src/'+f,'utf8')).join('\\n'))\"",
      'CMD ["node", "dist/bundle.js"]',
      '',
    ].join('\n');
  }
  return [
    'FROM golang:1.24 AS build',
    fresh,
    'WORKDIR /src',
    'COPY . .',
    `RUN --mount=type=cache,target=/root/.cache/go-build,${cache('gobuild')} --mount=type=cache,target=/go/pkg/mod,${cache('gomod')} CGO_ENABLED=0 GOTOOLCHAIN=local go build -o /out/app .`,
    'FROM busybox:latest',
    'COPY --from=build /out/app /bin/app',
    'CMD ["/bin/app"]',
    '',
  ].join('\n');
}

/** Two contexts per tool: a Node app of 200 source files and a Go module of 20 files, both without downloads. */
function contexts(dir: string): void {
  for (const tool of ['devstack', 'compose'] as Tool[]) {
    const base = join(dir, tool);
    mkdirSync(join(base, 'node', 'src'), { recursive: true });
    mkdirSync(join(base, 'go'), { recursive: true });
    writeFileSync(join(base, 'node', 'package.json'), '{ "name": "bench-node", "version": "1.0.0", "private": true }\n');
    writeFileSync(
      join(base, 'node', 'package-lock.json'),
      '{ "name": "bench-node", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": { "": { "name": "bench-node", "version": "1.0.0" } } }\n',
    );
    for (let i = 0; i < 200; i++) writeFileSync(join(base, 'node', 'src', `m${i}.js`), `exports.m${i} = () => ${i};\n`);
    writeFileSync(join(base, 'go', 'go.mod'), 'module example.com/bench\n\ngo 1.22\n');
    writeFileSync(
      join(base, 'go', 'main.go'),
      'package main\n\nimport (\n\t"encoding/json"\n\t"fmt"\n\t"net/http"\n)\n\nfunc main() { b, _ := json.Marshal(total()); fmt.Println(string(b), http.StatusOK) }\n',
    );
    const fns = Array.from({ length: 20 }, (_, i) => `f${i}`);
    for (const f of fns) writeFileSync(join(base, 'go', `${f}.go`), `package main\n\nfunc ${f}() int { return ${f.length} }\n`);
    writeFileSync(join(base, 'go', 'total.go'), `package main\n\nfunc total() int { return ${fns.map((f) => `${f}()`).join(' + ')} }\n`);
    const services = ['services:', '  node:', '    build: ./node', '  go:', '    build: ./go', ''].join('\n');
    writeFileSync(join(base, tool === 'devstack' ? 'devstack.yml' : 'compose.yaml'), services);
  }
}

function timed(tool: Tool, cwd: string, cli: string, service: Flavor): number {
  const [cmd, args] =
    tool === 'devstack'
      ? [process.execPath, [cli, 'build', service, '-p', PROJECT.devstack]]
      : ['docker', ['compose', '-p', PROJECT.compose, 'build', service]];
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, CI: '1', NO_COLOR: '1' }, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function benchBuild(cli: string, runs = Math.max(1, Number(process.env.BENCH_BUILD_RUNS ?? 3))): BuildBench {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-bench-build-'));
  const samples: Record<string, number[]> = {};
  const add = (key: string, ms: number) => (samples[key] ??= []).push(ms);
  try {
    contexts(dir);
    for (let round = 0; round < runs; round++) {
      const order: Tool[] = round % 2 ? ['compose', 'devstack'] : ['devstack', 'compose'];
      for (const flavor of FLAVORS) {
        for (const tool of order) {
          const cwd = join(dir, tool);
          writeFileSync(join(cwd, flavor, 'Dockerfile'), dockerfile(flavor, tool, round));
          add(`${tool}:${flavor}:cold`, timed(tool, cwd, cli, flavor));
          const changed = flavor === 'node' ? join(cwd, 'node', 'src', 'm7.js') : join(cwd, 'go', 'f7.go');
          writeFileSync(changed, flavor === 'node' ? `exports.m7 = () => ${round + 1000};\n` : `package main\n\nfunc f7() int { return ${round + 1000} }\n`);
          add(`${tool}:${flavor}:one-file`, timed(tool, cwd, cli, flavor));
          add(`${tool}:${flavor}:no-change`, timed(tool, cwd, cli, flavor));
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    for (const tool of ['devstack', 'compose'] as Tool[]) {
      for (const flavor of FLAVORS) spawnSync('docker', ['rmi', '-f', `${PROJECT[tool]}-${flavor}`], { stdio: 'ignore' });
    }
  }
  const result: BuildBench = {};
  for (const flavor of FLAVORS) {
    for (const step of STEPS) {
      const d = samples[`devstack:${flavor}:${step}`]!;
      const c = samples[`compose:${flavor}:${step}`]!;
      result[`${flavor}:${step}`] = { devstackMs: median(d), composeMs: median(c), ratio: median(d) / median(c), devstackSamples: d, composeSamples: c };
    }
  }
  return result;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

export function buildReport(r: BuildBench): string[] {
  const out = ['', 'build (devstack build vs docker compose build + buildx, both through the engine BuildKit):'];
  for (const [key, v] of Object.entries(r)) {
    out.push(`  ${key.padEnd(16)} devstack ${fmt(v.devstackMs).padStart(8)}   Compose ${fmt(v.composeMs).padStart(8)}   ratio ${v.ratio.toFixed(2)}`);
  }
  const check = (ok: boolean, text: string) => out.push(`  [${ok ? 'met' : 'NOT met'}] ${text}`);
  for (const [key, v] of Object.entries(r)) check(v.ratio <= 1.0, `${key} devstack/Compose <= 1.0 (${v.ratio.toFixed(2)})`);
  for (const flavor of FLAVORS)
    check(r[`${flavor}:one-file`]!.devstackMs < 2000, `${flavor} one-file rebuild < 2 s (${fmt(r[`${flavor}:one-file`]!.devstackMs)})`);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = benchBuild(join(root, 'bin/run.js'));
  process.stdout.write(`${buildReport(result).join('\n')}\n`);
}
