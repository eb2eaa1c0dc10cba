/**
 * The one duration parser. Go duration syntax as Compose writes it: `1m30s`, `500ms`, `1.5h`; with
 * `days`, `2d` too (`logs --since`). Milliseconds, or undefined when malformed.
 */
export function parseDuration(text: string, { days = false }: { days?: boolean } = {}): number | undefined {
  if (text === '0') return 0;
  const part = days ? /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|h|m|s|d)/y : /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|h|m|s)/y;
  const msPer: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    part.lastIndex = pos;
    const match = part.exec(text);
    if (!match) return undefined;
    total += Number(match[1]) * msPer[match[2]!]!;
    pos = part.lastIndex;
  }
  return pos === 0 ? undefined : Math.round(total);
}

const POWERS: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4 };

/** Docker's memory sizes: `512m`, `1g`, `1.5GB`, `1024kb`, binary multiples as the engine uses them. */
export function parseBytes(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  if (!match) return undefined;
  return Math.floor(Number(match[1]) * 1024 ** POWERS[match[2]!.toLowerCase()]!);
}
