/** A command whose arguments start with services: `many` (logs api db) or just `one` (exec api -- ...). */
export interface ServiceCommand {
  id: string;
  takes: 'one' | 'many';
  /** Its flags that take a value (`-p`, `--project-name`): the word after one is that value, not an argument. */
  valueFlags: string[];
}

/**
 * Bash: a completion function in front of the one @oclif/plugin-autocomplete writes, which knows
 * commands and flags only. Where a service is expected it offers the names `complete-services`
 * prints (nothing, silently, without a stack file); everywhere else it hands over to the plugin's.
 */
export function bashServiceCompletion(bin: string, commands: ServiceCommand[]): string {
  const cases = commands.map((c) => `    ${c.id}) takes=${c.takes}; valueFlags=" ${c.valueFlags.join(' ')} " ;;`).join('\n');
  return `
# Added by devstack: service names of the stack in the current directory, after the commands that take them.
_${bin}_autocomplete_services()
{
  local cur="\${COMP_WORDS[COMP_CWORD]}" takes="" valueFlags="" word positionals=0 i
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  if [[ -n "$takes" && $COMP_CWORD -ge 2 && "$cur" != -* ]]; then
    for (( i = 2; i < COMP_CWORD; i++ )); do
      word="\${COMP_WORDS[i]}"
      if [[ "$word" == "--" ]]; then takes=""; break; fi
      if [[ "$word" == -* ]]; then
        if [[ "$word" != *=* && "$valueFlags" == *" $word "* ]]; then (( i++ )); fi
      else
        (( positionals++ ))
      fi
    done
    # Past the end: the word being completed is the value of the flag before it.
    if (( i > COMP_CWORD )); then takes=""; fi
    if [[ "$takes" == many || ( "$takes" == one && $positionals -eq 0 ) ]]; then
      local IFS=$'\\n'
      COMPREPLY=($(compgen -W "$("\${COMP_WORDS[0]}" complete-services 2>/dev/null)" -- "$cur"))
      return 0
    fi
  fi
  _${bin}_autocomplete
}

complete -F _${bin}_autocomplete_services ${bin}
`;
}

/**
 * Zsh: the plugin writes one \`_arguments\` block a command, ending in \`"*: :_files"\`; for the commands
 * that take services their first (or every) argument becomes a service name instead.
 */
export function zshWithServiceCompletion(script: string, bin: string, commands: ServiceCommand[]): string {
  let patched = script;
  for (const command of commands) {
    const block = new RegExp(`(\\n${command.id}\\)\\n_arguments -S [\\s\\S]*?)"\\*: :_files"`);
    patched = patched.replace(
      block,
      (_, head: string) => `${head}${command.takes === 'one' ? `"1: :_${bin}_services" "*: :_files"` : `"*: :_${bin}_services"`}`,
    );
  }
  const helper = `# Added by devstack: service names of the stack in the current directory, printed by \`${bin} complete-services\`.
_${bin}_services() {
  local -a names
  names=(\${(f)"$(${bin} complete-services 2>/dev/null)"})
  compadd -a names
}

`;
  return patched.replace(`\n_${bin}() {`, `\n${helper}_${bin}() {`);
}
