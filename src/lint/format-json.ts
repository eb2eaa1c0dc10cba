import type { Finding } from './finding.js';
import { countBySeverity, displayPath } from './format-text.js';

export function formatJson(findings: Finding[], files: string[], cwd: string): string {
  return JSON.stringify(
    {
      findings: findings.map((f) => ({
        file: displayPath(cwd, f.at.file),
        line: f.at.line,
        column: f.at.column,
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        hint: f.hint,
      })),
      summary: { ...countBySeverity(findings), files: files.map((file) => displayPath(cwd, file)) },
    },
    null,
    2,
  );
}
