import { afterEach, describe, expect, it, vi } from 'vitest';
import { outputRedirected, print, printJson, say, withOutput } from '../../../src/ui/output.js';
import { currentRun, inRunContext } from '../../../src/ui/run-context.js';
import { capture } from '../support/capture.js';

const SECRET = 'hunter2-very-secret';

describe('the output layer masks what a run prints with the run’s own secrets', () => {
  afterEach(() => vi.restoreAllMocks());

  it('result lines, JSON results and the lines said along the way', async () => {
    const stdout = capture(process.stdout);
    const stderr = capture(process.stderr);
    await inRunContext(async () => {
      currentRun().secrets.add([SECRET]);
      print(`password is ${SECRET}`);
      printJson({ environment: { DB_PASSWORD: 'short', NAME: 'app' }, url: 'postgres://app:pw1@db:5432/app', note: SECRET });
      say(`using ${SECRET}`);
    });
    expect(stdout()).toBe('password is ****\n{"environment":{"DB_PASSWORD":"****","NAME":"app"},"url":"postgres://app:****@db:5432/app","note":"****"}\n');
    expect(stderr()).toBe('using ****\n');
  });

  it('prints clear text only when asked (config --no-mask), and another run’s secrets are not this one’s', async () => {
    const stdout = capture(process.stdout);
    await inRunContext(async () => {
      currentRun().secrets.add([SECRET]);
      print(SECRET, { mask: false });
    });
    await inRunContext(async () => print(`${SECRET} ${new Date(0).toISOString()}`));
    await inRunContext(async () => printJson({ at: new Date(0) }));
    expect(stdout()).toBe(`${SECRET}\n${SECRET} 1970-01-01T00:00:00.000Z\n{"at":"1970-01-01T00:00:00.000Z"}\n`);
  });

  it('under withOutput (a dashboard action) results and lines go to its page, masked, and none to the process', async () => {
    const stdout = capture(process.stdout);
    const stderr = capture(process.stderr);
    const page: string[] = [];
    await inRunContext(async () => {
      currentRun().secrets.add([SECRET]);
      await withOutput({ print: (text) => page.push(`print ${text}`), progress: (line) => page.push(`say ${line}`) }, async () => {
        print(`url with ${SECRET}`);
        say('waiting');
        expect(outputRedirected()).toBe(true);
      });
    });
    expect(page).toEqual(['print url with ****\n', 'say waiting']);
    expect(stdout() + stderr()).toBe('');
  });
});
