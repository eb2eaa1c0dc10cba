export type Runtime = 'go' | 'node' | 'python';

const MARKERS: Array<[Runtime, string[]]> = [
  ['go', ['go.mod']],
  ['node', ['package.json']],
  ['python', ['pyproject.toml', 'requirements.txt', 'setup.py', 'Pipfile']],
];

/** The runtime a repository is written in, from the files at its top; undefined when none or several match. */
export function detectRuntime(files: string[]): { runtime?: Runtime; evidence: string[] } {
  const present = new Set(files);
  const found = MARKERS.map(([runtime, markers]) => ({ runtime, evidence: markers.filter((m) => present.has(m)) })).filter((f) => f.evidence.length);
  if (found.length !== 1) return { evidence: found.flatMap((f) => f.evidence) };
  return { runtime: found[0]!.runtime, evidence: found[0]!.evidence };
}
