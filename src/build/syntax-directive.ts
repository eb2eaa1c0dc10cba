/**
 * The Dockerfile's `# syntax=IMAGE` parser directive, with where it is written. Directives only count
 * before the first instruction or ordinary comment, as BuildKit reads them; undefined when there is none.
 */
export function syntaxDirective(path: string, text: string): { image: string; where: string } | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const directive = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
    if (!directive) return undefined;
    if (directive[1]!.toLowerCase() === 'syntax') return { image: directive[2]!, where: `${path}:${i + 1}` };
  }
  return undefined;
}

/** Whether the Dockerfile mounts secrets or ssh (even optional ones), which BuildKit asks the session for. */
export const mountsSessionData = (text: string): boolean => /--mount=\S*type=(secret|ssh)\b/.test(text);

/** Heredocs (`RUN <<EOF`, `COPY <<-EOT /x`), which need Dockerfile syntax 1.4 or later. */
export const usesHeredoc = (text: string): boolean => /^\s*(RUN|COPY|ADD)\b[^\n]*<<-?["']?[A-Za-z_]\w*/im.test(text);
