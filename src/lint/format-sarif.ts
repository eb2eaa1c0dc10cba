import { pathToFileURL } from 'node:url';
import type { Finding, Rule } from './finding.js';
import { displayPath } from './format-text.js';

/** SARIF 2.1.0, the format code-scanning services read; paths stay relative to the folder the check ran in. */
export function formatSarif(findings: Finding[], rules: Array<Rule<never>>, cwd: string, version: string): string {
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'devstack',
              version,
              rules: rules.map((r) => ({ id: r.id, shortDescription: { text: r.summary }, defaultConfiguration: { level: r.severity } })),
            },
          },
          originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(cwd).href}/` } },
          results: findings.map((f) => ({
            ruleId: f.ruleId,
            level: f.severity,
            message: { text: `${f.message}. Fix: ${f.hint}` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: displayPath(cwd, f.at.file), uriBaseId: 'SRCROOT' },
                  region: { startLine: f.at.line, startColumn: f.at.column },
                },
              },
            ],
          })),
        },
      ],
    },
    null,
    2,
  );
}
