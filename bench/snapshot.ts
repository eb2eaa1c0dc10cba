/**
 * `npm run bench:snapshot`: `devstack snapshot save` and `snapshot restore` of a volume holding
 * BENCH_SNAPSHOT_MIB MiB (default 1024) of data that does not compress (random bytes: the worst case
 * for gzip time, and archives as big as the data). Reports wall time, throughput and the CLI's peak RSS
 * (from /usr/bin/time), which must stay flat whatever the size: everything streams.
 *
 * Run after `npm run bundle`; it runs bin/run.js of this tree against bench/snapshot-stack and removes
 * the stack, its volume and its snapshots when done.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stackDir = join(root, 'bench', 'snapshot-stack');
const mib = Math.max(1, Number(process.env.BENCH_SNAPSHOT_MIB ?? 1024));
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { cwd: stackDir, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

/** Wall seconds and peak resident set (MiB) of one devstack command, measured by /usr/bin/time. */
function measured(...args: string[]): { seconds: number; rssMiB: number } {
  const r = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %M', process.execPath, join(root, 'bin', 'run.js'), ...args], {
    cwd: stackDir,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (r.status !== 0 || !line) throw new Error(`devstack ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  const [, seconds, kib] = line.split(' ');
  return { seconds: Number(seconds), rssMiB: Number(kib) / 1024 };
}

const checksum = () => sh('docker', ['exec', 'bench-snapshot-store-1', 'md5sum', '/blob/data']).split(' ')[0]!;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  sh(process.execPath, [join(root, 'bin', 'run.js'), 'down', '--volumes', '--yes']);
  rmSync(join(stackDir, '.devstack'), { recursive: true, force: true });
  sh(process.execPath, [join(root, 'bin', 'run.js'), 'up']);
  sh('docker', ['exec', 'bench-snapshot-store-1', 'sh', '-c', `head -c ${mib * 1024 * 1024} /dev/urandom > /blob/data`]);
  const before = checksum();
  const version = sh(process.execPath, [join(root, 'bin', 'run.js'), '--version']);
  process.stderr.write(`bench:snapshot: ${mib} MiB volume, ${runs} rounds, ${version}\n`);
  const samples = { save: [] as number[], saveRss: [] as number[], restore: [] as number[], restoreRss: [] as number[] };
  const baseline = measured('snapshot', 'list');
  for (let i = 1; i <= runs; i += 1) {
    const save = measured('snapshot', 'save', `round-${i}`, '--keep', '1');
    sh('docker', ['exec', 'bench-snapshot-store-1', 'sh', '-c', 'rm -f /blob/data && echo changed > /blob/other']);
    const restore = measured('snapshot', 'restore', `round-${i}`);
    if (checksum() !== before) throw new Error('the restored data differs from the saved data');
    samples.save.push(save.seconds);
    samples.saveRss.push(save.rssMiB);
    samples.restore.push(restore.seconds);
    samples.restoreRss.push(restore.rssMiB);
    process.stderr.write(
      `bench:snapshot: round ${i}: save ${save.seconds}s (${save.rssMiB.toFixed(0)} MiB RSS), restore ${restore.seconds}s (${restore.rssMiB.toFixed(0)} MiB RSS)\n`,
    );
  }
  const rate = (s: number) => `${(mib / s).toFixed(0)} MiB/s`;
  const out = [
    `snapshot of a ${mib} MiB volume (random data), median of ${runs}:`,
    `  save     ${median(samples.save).toFixed(1)} s (${rate(median(samples.save))}), CLI peak RSS ${Math.max(...samples.saveRss).toFixed(0)} MiB`,
    `  restore  ${median(samples.restore).toFixed(1)} s (${rate(median(samples.restore))}), CLI peak RSS ${Math.max(...samples.restoreRss).toFixed(0)} MiB`,
    `  baseline: \`snapshot list\` peaks at ${baseline.rssMiB.toFixed(0)} MiB RSS`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString();
  writeFileSync(
    join(dir, `snapshot-${stamp.replace(/[:.]/g, '-')}.json`),
    `${JSON.stringify({ date: stamp, version, mib, runs, baselineRssMiB: baseline.rssMiB, samples }, null, 2)}\n`,
  );
  sh(process.execPath, [join(root, 'bin', 'run.js'), 'down', '--volumes', '--yes']);
  rmSync(join(stackDir, '.devstack'), { recursive: true, force: true });
}

try {
  main();
} catch (error) {
  process.stderr.write(`bench:snapshot: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
