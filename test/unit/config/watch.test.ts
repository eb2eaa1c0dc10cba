import { describe, expect, it } from 'vitest';
import { lines, loadYaml, problemsOfYaml } from './helpers.js';

function withWatch(...rule: string[]): string {
  return lines('services:', '  web:', '    build: ./web', '    develop:', '      watch:', ...rule.map((line) => `        ${line}`));
}

describe('develop.watch rules', () => {
  it('reads every field, resolving the path against the file and keeping where the rule was written', async () => {
    const stack = await loadYaml(
      withWatch(
        '- path: ./src',
        '  target: /app/src/',
        '  action: sync+exec',
        '  ignore: ["*.tmp", "cache/"]',
        '  initial_sync: true',
        '  exec: {command: "kill -HUP 1", user: root, working_dir: /app, environment: {A: "1"}, privileged: true}',
        '- path: package.json',
        '  action: rebuild',
      ),
    );
    const [first, second] = stack.services.web!.watch!;
    expect(first).toMatchObject({
      action: 'sync+exec',
      path: `${stack.projectDir}/src`,
      target: '/app/src',
      ignore: ['*.tmp', 'cache/'],
      initialSync: true,
      exec: { command: ['kill', '-HUP', '1'], user: 'root', workingDir: '/app', environment: { A: '1' }, privileged: true },
      at: { line: 6, column: 11 },
    });
    expect(second).toMatchObject({ action: 'rebuild', path: `${stack.projectDir}/package.json`, ignore: [], initialSync: false });
    expect(second!.target).toBeUndefined();
  });

  it('leaves watch out for a service without develop:', async () => {
    const stack = await loadYaml(lines('services:', '  web:', '    image: busybox'));
    expect(stack.services.web!.watch).toBeUndefined();
  });

  it('reports each bad rule at its position, with the fix', async () => {
    const problems = await problemsOfYaml(
      withWatch(
        '- path: ./src',
        '  action: synk',
        '- path: ./src',
        '  action: sync',
        '- action: sync+exec',
        '  target: app',
        '- path: x',
        '  action: rebuild',
        '  exec: {command: ls}',
        '  colour: red',
      ),
    );
    expect(problems.map((p) => [p.line, p.column, p.path, p.message])).toEqual([
      [7, 19, 'services.web.develop.watch[0].action', 'unknown watch action "synk"'],
      [8, 11, 'services.web.develop.watch[1]', 'action sync needs target:'],
      [10, 11, 'services.web.develop.watch[2]', 'a watch rule needs path:'],
      [10, 11, 'services.web.develop.watch[2]', 'action sync+exec needs exec: {command: ...}'],
      [11, 19, 'services.web.develop.watch[2].target', 'target "app" is not an absolute container path'],
      [14, 11, 'services.web.develop.watch[3].exec', 'exec: only applies to action sync+exec, not rebuild'],
      [15, 11, 'services.web.develop.watch[3].colour', 'unknown key "colour"'],
    ]);
    expect(problems[0]!.hint).toBe('did you mean "sync"?');
    expect(problems[4]!.hint).toBe("write it from the container's root, e.g. /app/app");
  });

  it('wants a list of rules under watch', async () => {
    const problems = await problemsOfYaml(lines('services:', '  web:', '    image: busybox', '    develop:', '      watch: {path: .}'));
    expect(problems).toMatchObject([{ line: 5, column: 14, path: 'services.web.develop.watch', message: 'expected a list of rules, got a mapping' }]);
  });
});
