import dockerignore from '@balena/dockerignore';

export interface DockerignoreTarget {
  /** The Dockerfile whose context this is; a missing .dockerignore is reported there. */
  dockerfile: string;
  /** `<context>/.dockerignore`. */
  file: string;
  /** Undefined when the file does not exist. */
  lines?: string[];
  /** Top-level names present in the context, to ask about build output only where there is some. */
  contextEntries: string[];
}

export function ignores(lines: string[], path: string): boolean {
  // CommonJS with its function on `default`, as src/build/pack-context.ts notes.
  return dockerignore.default({ ignorecase: false }).add(lines).ignores(path);
}
