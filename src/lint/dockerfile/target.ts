import { DockerfileParser, type Dockerfile, type From, type Instruction } from 'dockerfile-ast';
import type { ServiceSpec } from '../../model/stack.js';
import type { Position } from '../finding.js';

export interface Stage {
  /** The FROM instruction that opens it. */
  from: Instruction;
  instructions: Instruction[];
}

export interface DockerfileTarget {
  file: string;
  ast: Dockerfile;
  stages: Stage[];
  /** The stack's services built from this file; empty when the file is checked on its own. */
  services: ServiceSpec[];
}

export function dockerfileTarget(file: string, text: string, services: ServiceSpec[]): DockerfileTarget {
  const ast = DockerfileParser.parse(text);
  const stages: Stage[] = [];
  for (const instruction of ast.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') stages.push({ from: instruction, instructions: [] });
    else stages.at(-1)?.instructions.push(instruction);
  }
  return { file, ast, stages, services };
}

/** dockerfile-ast counts from 0; findings count from 1. */
export function positionOf(file: string, range: { start: { line: number; character: number } }): Position {
  return { file, line: range.start.line + 1, column: range.start.character + 1 };
}

export function finalStage(target: DockerfileTarget): Stage | undefined {
  return target.stages.at(-1);
}

/** RUN arguments with line continuations folded, for matching commands. */
export function runText(instruction: Instruction): string {
  return (instruction.getArgumentsContent() ?? '').replace(/\s+/g, ' ');
}

/** The names the stages are given (`FROM … AS dev`), lower-cased as the builder matches them. */
export function stageNames(target: DockerfileTarget): string[] {
  return target.stages.flatMap((stage) => (stage.from as From).getBuildStage()?.toLowerCase() ?? []);
}

/** The final stage, then the earlier stage it is built `FROM`, and so on back to one on an external image. */
export function finalStageChain(target: DockerfileTarget): Stage[] {
  const byAlias = new Map<string, Stage>();
  for (const stage of target.stages) {
    const alias = (stage.from as From).getBuildStage();
    if (alias) byAlias.set(alias.toLowerCase(), stage);
  }
  const chain: Stage[] = [];
  for (let stage = finalStage(target); stage && !chain.includes(stage); stage = byAlias.get(((stage.from as From).getImageName() ?? '').toLowerCase())) {
    chain.push(stage);
  }
  return chain;
}

/**
 * Whether the image the file builds checks its own health: the last HEALTHCHECK along the final stage's
 * chain, unless that is `HEALTHCHECK NONE` (which turns an inherited one off).
 */
export function declaresHealthcheck(target: DockerfileTarget): boolean {
  for (const stage of finalStageChain(target)) {
    const last = stage.instructions.filter((i) => i.getKeyword() === 'HEALTHCHECK').at(-1);
    if (last) return (last.getArgumentsContent() ?? '').trim().toUpperCase() !== 'NONE';
  }
  return false;
}

/**
 * Whether every service built from this file forces the legacy builder (`build.x-devstack.builder: legacy`),
 * which has none of BuildKit's features: rules then neither suggest them nor accept them.
 */
export function legacyOnly(target: DockerfileTarget): boolean {
  return target.services.length > 0 && target.services.every((s) => s.build?.builder === 'legacy');
}
