import { describe, expect, it } from 'vitest';
import { zshWithServiceCompletion } from '../../../src/cli/completion-script.js';
import { serviceCommands } from '../../../src/cli/service-completion-files.js';

const option = (name: string, char?: string) => ({ type: 'option', name, ...(char ? { char } : {}) });

describe('serviceCommands', () => {
  it('takes the top-level commands whose first argument is a service or services, with their value flags', () => {
    const commands = serviceCommands([
      { id: 'logs', args: { services: {} }, flags: { tail: option('tail'), follow: { type: 'boolean', name: 'follow', char: 'f' } } },
      { id: 'exec', args: { service: {}, command: {} }, flags: { user: option('user', 'u') } },
      { id: 'snapshot:save', args: { name: {}, services: {} }, flags: {} },
      { id: 'complete-services', hidden: true, args: { services: {} }, flags: {} },
      { id: 'init', args: {}, flags: {} },
    ]);
    expect(commands).toEqual([
      { id: 'logs', takes: 'many', valueFlags: ['--tail'] },
      { id: 'exec', takes: 'one', valueFlags: ['--user', '-u'] },
    ]);
  });
});

describe('zshWithServiceCompletion', () => {
  // The shape @oclif/plugin-autocomplete writes: one _arguments block a command, files for arguments.
  const script = `#compdef devstack

_devstack() {
  case $line[1] in
logs)
_arguments -S \\
--tail"[lines]":file:_files" \\
"*: :_files" ;; 
exec)
_arguments -S \\
--user"[user]":file:_files" \\
"*: :_files" ;; 
init)
_arguments -S \\
"*: :_files" ;; 
esac
}

_devstack
`;
  const patched = zshWithServiceCompletion(script, 'devstack', [
    { id: 'logs', takes: 'many', valueFlags: [] },
    { id: 'exec', takes: 'one', valueFlags: [] },
  ]);

  it('completes every argument of logs and the first of exec with service names, and leaves other commands alone', () => {
    expect(patched).toMatch(/logs\)\n_arguments -S [^;]*"\*: :_devstack_services" ;;/);
    expect(patched).toMatch(/exec\)\n_arguments -S [^;]*"1: :_devstack_services" "\*: :_files" ;;/);
    expect(patched).toMatch(/init\)\n_arguments -S \\\n"\*: :_files" ;;/);
  });

  it('defines the helper before the completion function, which reads names silently', () => {
    expect(patched.indexOf('_devstack_services() {')).toBeLessThan(patched.indexOf('_devstack() {'));
    expect(patched).toContain('devstack complete-services 2>/dev/null');
  });
});
