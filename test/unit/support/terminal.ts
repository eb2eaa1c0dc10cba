/** Makes stdout look like a terminal (vitest's workers write to pipes); the returned function puts it back. */
export function stdoutIsTerminal(): () => void {
  const before = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
  return () => {
    if (before) Object.defineProperty(process.stdout, 'isTTY', before);
    else Reflect.deleteProperty(process.stdout, 'isTTY');
  };
}
