import type { ImageConfig } from './types.js';

/** The parts of the engine's image inspect JSON we read. */
export interface ImageInspectJson {
  Id: string;
  Config?: { Env?: string[] | null; Entrypoint?: string[] | null; Cmd?: string[] | null; WorkingDir?: string; User?: string } | null;
}

export function mapImageConfig(json: ImageInspectJson): ImageConfig {
  const config = json.Config ?? {};
  const env: Record<string, string> = {};
  for (const entry of config.Env ?? []) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return {
    id: json.Id,
    env,
    entrypoint: config.Entrypoint ?? [],
    cmd: config.Cmd ?? [],
    ...(config.WorkingDir ? { workingDir: config.WorkingDir } : {}),
    ...(config.User ? { user: config.User } : {}),
  };
}
