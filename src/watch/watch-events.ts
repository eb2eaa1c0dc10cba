import { relative } from 'node:path';
import { formatElapsed } from '../model/elapsed.js';

export type WatchStep = 'sync' | 'rebuild' | 'sync+restart' | 'sync+exec';

/** What a watch session tells its renderer: one `action` event per batch acted on. */
export type WatchEvent =
  | { type: 'watching'; service: string; rules: Array<{ action: string; path: string; target?: string }>; folders: number; polling: boolean }
  | {
      type: 'action';
      service: string;
      action: WatchStep;
      ok: boolean;
      /** Files in the batch, and the first few of them relative to the project. */
      files: number;
      paths: string[];
      deleted: number;
      durationMs: number;
      /** Why a rebuild was chosen, the exec command, or what went wrong. */
      detail?: string;
      /** The failing build's or command's last lines. */
      output?: string[];
    }
  | { type: 'warning'; message: string }
  | { type: 'stopped' };

export type WatchReporter = (event: WatchEvent) => void;

const SHOWN = 3;

export function firstPaths(projectDir: string, paths: string[], count = 10): string[] {
  return paths.slice(0, count).map((path) => relative(projectDir, path) || '.');
}

function fileList(event: Extract<WatchEvent, { type: 'action' }>): string {
  const shown = event.paths.slice(0, SHOWN).join(', ');
  const more = event.files > SHOWN ? `, +${event.files - SHOWN} more` : '';
  const deleted = event.deleted ? `, ${event.deleted} deleted` : '';
  return `${event.files} ${event.files === 1 ? 'file' : 'files'} (${shown}${more})${deleted}`;
}

const DONE: Record<WatchStep, string> = {
  sync: 'synced',
  rebuild: 'rebuilt and recreated',
  'sync+restart': 'synced and restarted',
  'sync+exec': 'synced and ran',
};

/** One line per event for a terminal or a CI log. */
export function formatWatchEvent(event: WatchEvent): string[] {
  switch (event.type) {
    case 'watching': {
      const rules = event.rules.map((r) => `${r.action} ${r.path}${r.target ? ` → ${r.target}` : ''}`).join('; ');
      return [`${event.service}: watching ${rules}${event.polling ? ' (polling)' : ` (${event.folders} ${event.folders === 1 ? 'folder' : 'folders'})`}`];
    }
    case 'action': {
      if (event.ok) {
        const what = event.action === 'sync+exec' ? `${DONE[event.action]} \`${event.detail ?? ''}\`` : DONE[event.action];
        const why = event.action === 'rebuild' && event.detail ? `; ${event.detail}` : '';
        return [`${event.service}: ${what}, ${fileList(event)} in ${formatElapsed(event.durationMs, { fine: true })}${why}`];
      }
      const keeps = event.action === 'rebuild' ? '; the old container keeps serving, the next change retries' : '';
      return [
        `${event.service}: ${event.action} FAILED, ${fileList(event)} after ${formatElapsed(event.durationMs, { fine: true })}: ${event.detail ?? ''}${keeps}`,
        ...(event.output ?? []).map((line) => `  ${line}`),
      ];
    }
    case 'warning':
      return [`warning: ${event.message}`];
    case 'stopped':
      return ['Stopped watching.'];
  }
}
