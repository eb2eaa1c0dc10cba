import { spawn } from 'node:child_process';
import { say } from '../ui/output.js';

/** A browser can be shown: a desktop OS, or a Linux/BSD session with an X or Wayland display. */
function hasDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (env.CI) return false;
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Whether `ui` opens the link itself: asked to (no --no-open), and there is a display to open it on. */
export function opensBrowser(open: boolean, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  return open && hasDisplay(env, platform);
}

export function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(command as string, args as string[], { detached: true, stdio: 'ignore' });
  child.on('error', () => say('Could not open a browser: open the link above in one.'));
  child.unref();
}
