import type { BuildFailureKind } from '../errors.js';

/** What the output of a step says when it could not reach a host: the build's network, not the Dockerfile, is at fault. */
const NETWORK_TROUBLE =
  /could not resolve|temporary failure (in name resolution|resolving)|name or service not known|network is unreachable|connection (refused|timed out)|i\/o timeout|EAI_AGAIN|ENOTFOUND|ETIMEDOUT|ECONNREFUSED|temporary error \(try again later\)|failed to fetch|tls handshake/i;

/**
 * The hint after a failed build step, chosen by what the builder and the step's output say happened.
 * Only a failure of the step itself points at the Dockerfile; a build that could not reach the
 * network, or ran out of memory, is not the file's fault.
 */
export function buildFailureHint(output: string[], detail: string, code: number | undefined, kind: BuildFailureKind | undefined): string {
  const text = output.join('\n');
  if (kind === 'context-file-missing') {
    return 'A file the step copies is not in the build context: check the path (it is relative to build.context), and .dockerignore, which may leave it out.';
  }
  if (NETWORK_TROUBLE.test(text) || NETWORK_TROUBLE.test(detail)) {
    return "The step could not reach the network: the build runs on the engine's network, so check its DNS and proxy (build args HTTP_PROXY/HTTPS_PROXY) or a package mirror; the Dockerfile is not the problem.";
  }
  if (code === 127) {
    const missing = /(?:^|\s)([^\s:]+): (?:command )?not found/m.exec(text)?.[1];
    return `${missing ? `\`${missing}\` is` : 'The command is'} not in the image at this step: install it in an earlier step (apk add, apt-get install) or start FROM an image that has it.`;
  }
  if (code === 126) return 'The command is there but cannot run: make it executable (chmod +x in an earlier step) and check it is built for this platform.';
  if (code === 137) return 'The step was killed, most often for want of memory: give the engine more memory, or make the step use less (fewer parallel jobs).';
  if (code !== undefined)
    return `The step's command exited ${code}: its last output above says why. Fix the command, or what it needs from earlier steps, and build again.`;
  return 'Fix the Dockerfile step above and run the command again.';
}
