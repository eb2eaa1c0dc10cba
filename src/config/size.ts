const DECIMAL: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9 };
const BINARY: Record<string, number> = { kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/**
 * An image size as `docker images` prints it: kB/MB/GB are powers of 1000 (the engine's own figures
 * compare with what the user sees), KiB/MiB/GiB powers of 1024. Undefined when malformed or not positive.
 */
export function parseImageSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase();
  const factor = DECIMAL[unit] ?? BINARY[unit];
  if (factor === undefined) return undefined;
  const bytes = Math.round(Number(match[1]) * factor);
  return bytes > 0 ? bytes : undefined;
}
