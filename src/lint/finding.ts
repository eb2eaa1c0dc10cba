/** What `devstack check` reports, and the one shape every rule has. */

export type Severity = 'error' | 'warning';

export interface Position {
  file: string;
  /** 1-based, as editors and SARIF count. */
  line: number;
  column: number;
}

export interface Hit {
  at: Position;
  message: string;
  /** One line saying what to write instead. */
  hint: string;
}

export interface Finding extends Hit {
  ruleId: string;
  severity: Severity;
}

/** A rule is data plus one pure function, so each is tested alone and listed in SARIF output. */
export interface Rule<Target> {
  id: string;
  severity: Severity;
  /** What the rule asks for, in one sentence. */
  summary: string;
  check(target: Target): Hit[];
}

export function applyRules<Target>(rules: Array<Rule<Target>>, target: Target): Finding[] {
  return rules.flatMap((rule) => rule.check(target).map((hit) => ({ ...hit, ruleId: rule.id, severity: rule.severity })));
}
