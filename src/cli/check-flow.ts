import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckFailedError } from '../errors.js';
import { formatJson } from '../lint/format-json.js';
import { formatSarif } from '../lint/format-sarif.js';
import { countBySeverity, formatText } from '../lint/format-text.js';
import { allRules, runCheck, type CheckResult } from '../lint/run-check.js';
import { builtinProfilesDir, packageRoot } from './paths.js';
import { print, say } from '../ui/output.js';

export type CheckFormat = 'text' | 'json' | 'sarif';

export interface CheckFlags {
  paths: string[];
  file?: string[];
  'project-name'?: string;
  format: CheckFormat;
  strict: boolean;
}

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Prints the findings on stdout, then fails (exit 1) on errors, or on warnings too with --strict. */
export async function runCheckCommand(flags: CheckFlags): Promise<CheckResult> {
  const cwd = process.cwd();
  // -f names stack files exactly as a PATH would.
  const paths = [...flags.paths, ...(flags.file ?? [])];
  const result = await runCheck({
    cwd,
    paths,
    env: process.env,
    builtinProfilesDir: builtinProfilesDir(),
    ...(flags['project-name'] ? { projectName: flags['project-name'] } : {}),
  });
  const text =
    flags.format === 'json'
      ? formatJson(result.findings, result.files, cwd)
      : flags.format === 'sarif'
        ? formatSarif(result.findings, allRules, cwd, version())
        : formatText(result.findings, result.files, cwd);
  if (result.placeholders.length) say(`note: not set here, checked with a placeholder value: ${result.placeholders.join(', ')}`);
  print(text);
  const { errors, warnings } = countBySeverity(result.findings);
  if (errors > 0 || (flags.strict && warnings > 0)) throw new CheckFailedError(errors, warnings, flags.strict);
  return result;
}
