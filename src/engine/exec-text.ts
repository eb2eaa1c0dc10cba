/**
 * A collected exec's output as `exec()` has always returned it: the text without its last line ending,
 * and CRLF read as LF (what splitting into lines and joining them again gave).
 */
export function execText(bytes: Buffer): string {
  return bytes
    .toString('utf8')
    .replace(/\r?\n$/, '')
    .replace(/\r\n/g, '\n');
}
