import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, load, loadYaml, problemsOf, problemsOfYaml, project } from './helpers.js';

const minimal = lines('services:', '  web:', '    image: nginx');

describe('finding the stack files', () => {
  it('reads devstack.yml in the working directory', async () => {
    const dir = await project({ 'devstack.yml': minimal });
    const stack = await load(dir);
    expect(stack.files).toEqual([join(dir, 'devstack.yml')]);
    expect(stack.projectDir).toBe(dir);
  });

  it('falls back to devstack.yaml, then to a plain Compose file', async () => {
    expect((await load(await project({ 'devstack.yaml': minimal }))).files[0]).toMatch(/devstack\.yaml$/);
    expect((await load(await project({ 'compose.yaml': minimal }))).files[0]).toMatch(/compose\.yaml$/);
  });

  it('prefers devstack.yml when several names exist', async () => {
    const dir = await project({ 'devstack.yml': minimal, 'devstack.yaml': 'nonsense: [', 'compose.yaml': 'nonsense: [' });
    expect((await load(dir)).files).toEqual([join(dir, 'devstack.yml')]);
  });

  it('reports a folder without a stack file, with what to do', async () => {
    const dir = await project({});
    expect(await problemsOf(load(dir))).toEqual([
      {
        file: join(dir, 'devstack.yml'),
        line: 0,
        column: 0,
        path: '',
        message: `no stack file in ${dir} (looked for devstack.yml, devstack.yaml, compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml)`,
        hint: 'create devstack.yml here, or pass -f FILE',
      },
    ]);
  });

  it('reports a missing -f file at line 0, naming the path it tried', async () => {
    const dir = await project({ 'devstack.yml': minimal });
    expect(await problemsOf(load(dir, { files: ['devstack.yml', 'nope.yml'] }))).toEqual([
      {
        file: join(dir, 'nope.yml'),
        line: 0,
        column: 0,
        path: '',
        message: `stack file not found: ${join(dir, 'nope.yml')}`,
        hint: `check the path given to -f; it is relative to ${dir}`,
      },
    ]);
  });

  it('merges several -f files in order, later over earlier; the project dir is the first file’s', async () => {
    const dir = await project({
      'stack/base.yml': lines('services:', '  web:', '    image: nginx:1', '    ports: ["80"]', '    build: ./web'),
      'override.yml': lines('services:', '  web:', '    image: nginx:2', '  extra:', '    build: ./extra'),
    });
    const stack = await load(dir, { files: ['stack/base.yml', 'override.yml'] });
    expect(stack.projectDir).toBe(join(dir, 'stack'));
    expect(stack.files).toEqual([join(dir, 'stack/base.yml'), join(dir, 'override.yml')]);
    expect(stack.services.web).toMatchObject({ image: 'nginx:2', ports: [{ containerPort: 80 }], build: { context: join(dir, 'stack/web') } });
    // Relative paths in every project file resolve against the project dir.
    expect(stack.services.extra?.build?.context).toBe(join(dir, 'stack/extra'));
  });
});

describe('YAML problems', () => {
  it('reports a syntax error at the parser’s position', async () => {
    expect(await problemsOfYaml(lines('services:', '  web:', '    image: [nginx', '  db: {}'))).toEqual([
      expect.objectContaining({ file: 'devstack.yml', line: 4, column: 3, path: '', message: expect.stringMatching(/^YAML: /) }),
    ]);
  });

  it('reports duplicate keys at the second one', async () => {
    expect(await problemsOfYaml(lines('services:', '  web:', '    image: a', '    image: b'))).toEqual([
      { file: 'devstack.yml', line: 4, column: 5, path: '', message: 'YAML: Map keys must be unique' },
    ]);
  });

  it('reports tabs used for indentation', async () => {
    expect(await problemsOfYaml(lines('services:', '\tweb: {}'))).toEqual([
      { file: 'devstack.yml', line: 2, column: 1, path: '', message: 'YAML: Tabs are not allowed as indentation' },
    ]);
  });

  it('reports a file that is not a mapping', async () => {
    expect(await problemsOfYaml(lines('- web', '- db'))).toEqual([
      { file: 'devstack.yml', line: 1, column: 1, path: '', message: 'expected a mapping with services: at the top of the file, got a list' },
    ]);
  });

  it('rejects files with NUL bytes', async () => {
    const dir = await project({ 'devstack.yml': Buffer.from('services: {}\n\0') });
    expect(await problemsOf(load(dir))).toEqual([
      {
        file: join(dir, 'devstack.yml'),
        line: 0,
        column: 0,
        path: '',
        message: `${join(dir, 'devstack.yml')} contains NUL bytes; it does not look like a text file`,
      },
    ]);
  });

  it('rejects files over 5 MiB', async () => {
    const dir = await project({ 'devstack.yml': `# ${'x'.repeat(5 * 1024 * 1024)}\n` });
    const [problem] = await problemsOf(load(dir));
    expect(problem).toMatchObject({ line: 0, message: expect.stringMatching(/is 5242883 bytes; stack files may be at most 5 MiB$/) });
  });

  it('stops an alias bomb', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [prev, next] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'g'],
    ] as const) {
      bomb.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    expect(await problemsOfYaml(lines(...bomb))).toEqual([
      { file: 'devstack.yml', line: 5, column: 36, path: '', message: 'aliases expand to more than 100000 values; simplify the anchors' },
    ]);
  });

  it('reports an alias without an anchor', async () => {
    expect(await problemsOfYaml(lines('services:', '  web: *nothing'))).toEqual([
      { file: 'devstack.yml', line: 2, column: 8, path: '', message: 'unknown alias *nothing: define &nothing before using it' },
    ]);
  });

  it('expands anchors and << merge keys, explicit keys winning', async () => {
    const stack = await loadYaml(
      lines(
        'x-base: &base',
        '  image: node:20',
        '  restart: always',
        '  environment: {A: "1"}',
        'services:',
        '  api:',
        '    <<: *base',
        '    restart: "no"',
        '  worker: *base',
      ),
    );
    expect(stack.services.api).toMatchObject({ image: 'node:20', restart: 'no', environment: { A: '1' } });
    expect(stack.services.worker).toMatchObject({ image: 'node:20', restart: 'always' });
  });

  it('reports YAML problems of every file at once', async () => {
    const dir = await project({ 'a.yml': 'services: [', 'b.yml': lines('x: 1', 'x: 2') });
    const problems = await problemsOf(load(dir, { files: ['b.yml', 'a.yml'] }));
    expect(problems.map((p) => [p.file.split('/').pop(), p.line])).toEqual([
      ['a.yml', 1],
      ['b.yml', 2],
    ]);
  });
});

describe('top-level keys', () => {
  it('accepts name, profiles, services, volumes, networks and x- extensions', async () => {
    const stack = await loadYaml(lines('name: shop', 'profiles: []', 'x-anything: {a: 1}', 'networks: {default: {}}', 'volumes: {}', minimal));
    expect(stack.name).toBe('shop');
  });

  it('reports unknown keys with a did-you-mean', async () => {
    expect(await problemsOfYaml(lines('servcies:', '  web: {image: x}', 'configs: {}'), { strict: true })).toEqual([
      { file: 'devstack.yml', line: 1, column: 1, path: 'servcies', message: 'unknown key "servcies"', hint: 'did you mean "services"?' },
      {
        file: 'devstack.yml',
        line: 3,
        column: 1,
        path: 'configs',
        message: 'Compose key "configs" is not supported by devstack',
        hint: 'remove it, or run without --strict to ignore it with a warning',
      },
    ]);
  });

  it('requires networks to be a mapping', async () => {
    expect(await problemsOfYaml(lines('networks: [a]', minimal))).toEqual([
      { file: 'devstack.yml', line: 1, column: 11, path: 'networks', message: 'expected a mapping, got a list' },
    ]);
  });

  it('requires services to be a mapping', async () => {
    expect(await problemsOfYaml(lines('services: [web]'))).toEqual([
      { file: 'devstack.yml', line: 1, column: 11, path: 'services', message: 'expected a mapping, got a list' },
    ]);
  });

  it('accepts an empty file as an empty stack', async () => {
    expect((await loadYaml('')).services).toEqual({});
  });
});

describe('project name', () => {
  it('uses -p first, then name:, then the folder name made valid', async () => {
    const dir = await project({ 'My Shop.v2/devstack.yml': minimal, 'named/devstack.yml': lines('name: from-file', minimal) });
    expect((await load(join(dir, 'named'), { projectName: 'from-flag' })).name).toBe('from-flag');
    expect((await load(join(dir, 'named'))).name).toBe('from-file');
    expect((await load(join(dir, 'My Shop.v2'))).name).toBe('myshopv2');
  });

  it('reports an invalid name: at its position', async () => {
    expect(await problemsOfYaml(lines('name: My Shop', minimal))).toEqual([
      {
        file: 'devstack.yml',
        line: 1,
        column: 7,
        path: 'name',
        message: 'invalid project name "My Shop"',
        hint: 'use lower-case letters, digits, - and _, starting with a letter or digit',
      },
    ]);
  });

  it('reports an invalid -p', async () => {
    expect(await problemsOfYaml(minimal, { projectName: '-x' })).toEqual([
      {
        file: '(command line)',
        line: 0,
        column: 0,
        path: '-p',
        message: 'invalid project name "-x"',
        hint: 'use lower-case letters, digits, - and _, starting with a letter or digit',
      },
    ]);
  });

  it('interpolates name:', async () => {
    expect((await loadYaml(lines('name: shop-${USER:-dev}', minimal), { env: { USER: 'ann' } })).name).toBe('shop-ann');
  });
});
