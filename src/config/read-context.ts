import type { VolumeSpec } from '../model/stack.js';
import type { Problems } from './problems.js';
import type { Origin } from './tree.js';

/** What every normalising step needs besides the node it reads. */
export interface Context {
  problems: Problems;
  /** The interpolation environment: the process environment over `.env`. */
  lookup: (name: string) => string | undefined;
  /** For `~/` in bind mounts. */
  home: string;
  /** `--allow-unset`: an unset `${VAR}` is "" as in Compose, not an error. */
  allowUnset?: boolean;
  /** Top-level `secrets:` by name, for `build.secrets` to name. */
  secrets?: Record<string, import('./build-secrets.js').DeclaredSecret>;
  /** Compose keys we read past without supporting them: reported in one warning, or as errors with `--strict`. */
  unsupported?: UnsupportedKey[];
}

export interface UnsupportedKey {
  at: Origin;
  path: string;
  /** What at that path is unsupported, when it is a value rather than the key itself: `mode z`. */
  note?: string;
}

export interface ServiceContext extends Context {
  /** Declared top-level volumes by key, so that mounts can name them. */
  volumes: Record<string, VolumeSpec>;
  /** Shared by all services: how many more ports port ranges may expand to. */
  portBudget: { left: number };
}
