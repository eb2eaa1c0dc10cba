/** Splits a command string into words the way a POSIX shell would, without expansions. */
export function shellSplit(text: string): { words: string[] } | { error: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === '\\') {
      word += text[i + 1] ?? '';
      i += 1;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) return { error: 'the single quote is never closed' };
      word += text.slice(i + 1, close);
      i = close;
    } else if (c === '"') {
      const close = doubleQuoted(text, i + 1);
      if (!close) return { error: 'the double quote is never closed' };
      word += close.body;
      i = close.end;
    } else {
      word += c;
    }
  }
  if (inWord) words.push(word);
  return { words };
}

/** Inside double quotes a backslash escapes only \, ", $ and `; elsewhere it stays. */
function doubleQuoted(text: string, start: number): { body: string; end: number } | undefined {
  let body = '';
  for (let i = start; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '"') return { body, end: i };
    const next = text[i + 1];
    if (c === '\\' && next !== undefined && '\\"$`'.includes(next)) {
      body += next;
      i += 1;
    } else {
      body += c;
    }
  }
  return undefined;
}
