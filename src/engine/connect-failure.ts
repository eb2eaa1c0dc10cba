import type { EngineEndpoint } from './endpoint.js';
import { HostKeyRejected, knownHostName } from './known-hosts.js';
import { EngineRefusedError } from './settings-errors.js';

interface ConnectError {
  code?: string;
  level?: string;
  message: string;
  statusCode?: number;
  json?: { message?: string } | null;
}

/** Node's codes for a server certificate we cannot trust. */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/**
 * The engine was reached and said no, or we said no to it: a certificate that does not match, a
 * client certificate it refuses, an ssh key it refuses, TLS spoken to a plain port or the other way
 * round. Said with the setting to change; undefined for anything else (then "no engine answered").
 */
export function explainRefusal(endpoint: EngineEndpoint, error: unknown): EngineRefusedError | undefined {
  const e = error as ConnectError;
  const code = e.code ?? '';
  const setting = endpoint.tls?.setting ?? endpoint.source;
  const where = endpoint.url;
  if (UNTRUSTED.has(code)) {
    return new EngineRefusedError(
      setting,
      `the engine at ${where} showed a certificate that the CA in ${endpoint.tls?.certPath ?? '(none)'}/ca.pem did not sign (${code}).`,
      "Put the CA that signed the engine's certificate there as ca.pem, or point DOCKER_CERT_PATH at the engine's client files.",
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new EngineRefusedError(
      setting,
      `the engine's certificate is not valid for ${where}: ${e.message}`,
      code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? "Use the host name the engine's certificate was made for in DOCKER_HOST, or remake the certificate with this name."
        : "Renew the engine's certificate.",
    );
  }
  if (/^ERR_SSL_.*(ALERT_BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA)/.test(code)) {
    return new EngineRefusedError(
      setting,
      `the engine at ${where} refused devstack's client certificate (${code}).`,
      `Give the client certificate and key that the engine's CA signed as cert.pem and key.pem in ${endpoint.tls?.certPath ?? 'DOCKER_CERT_PATH'}.`,
    );
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO') {
    return new EngineRefusedError(
      setting,
      `the engine at ${where} does not speak TLS (${code}).`,
      "Unset DOCKER_TLS_VERIFY and DOCKER_CERT_PATH for a plain port, or use the engine's TLS port (2376).",
    );
  }
  const said = e.json?.message ?? e.message;
  if (!endpoint.tls && e.statusCode === 400 && /HTTPS/i.test(said)) {
    return new EngineRefusedError(
      setting,
      `the engine at ${where} speaks TLS only: ${said.trim()}`,
      'Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem.',
    );
  }
  if (error instanceof HostKeyRejected) return hostKeyRefusal(setting, where, error);
  if (e.level === 'client-authentication') {
    return new EngineRefusedError(
      setting,
      `the ssh host ${where} refused every key devstack offered (${e.message}).`,
      `Load the key that host accepts into your ssh agent (\`ssh-add\`, with SSH_AUTH_SOCK set), or add this key to the host's authorized_keys; \`${sshCommand(where)} docker version\` must work without a password.`,
    );
  }
  if (endpoint.url.startsWith('ssh:') && /dial-stdio|command not found|docker: not found/i.test(said)) {
    return new EngineRefusedError(
      setting,
      `the ssh host ${where} cannot run \`docker system dial-stdio\`: ${said}`,
      'Install the docker CLI on that host: the ssh transport runs it there.',
    );
  }
  return undefined;
}

/** ssh's own way in, with the port spelled as ssh takes it. */
function sshCommand(where: string): string {
  const url = new URL(where);
  return `ssh ${url.port ? `-p ${url.port} ` : ''}${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.hostname}`;
}

/** A host key devstack would not accept: never accepted on our own, as the Docker CLI's ssh would not either without asking. */
function hostKeyRefusal(setting: string, where: string, rejected: HostKeyRejected): EngineRefusedError {
  const judged = rejected.judged;
  const url = new URL(where);
  const name = knownHostName(url.hostname, Number(url.port || 22));
  const shown = `${judged.keyType} key ${judged.fingerprint}`;
  if (judged.verdict === 'revoked') {
    return new EngineRefusedError(
      setting,
      `the ssh host ${where} showed the ${shown}, which ${judged.entry.file}:${judged.entry.line} marks @revoked; devstack did not connect.`,
      'Ask whoever runs that host for its new key; a revoked key is never accepted.',
    );
  }
  if (judged.verdict === 'changed') {
    return new EngineRefusedError(
      setting,
      `the ssh host ${where} showed the ${shown}, not the ${judged.entry.keyType} key ${judged.entry.file}:${judged.entry.line} holds for ${name}: the host was rebuilt, or someone is in the middle. devstack did not connect.`,
      `If you know the host was rebuilt, remove the old key with \`ssh-keygen -R '${name}'\`, then check the new fingerprint and accept it with \`${sshCommand(where)} true\`.`,
    );
  }
  const others = judged.otherTypes.length ? ` (it holds only ${judged.otherTypes.join(', ')} keys for ${name})` : '';
  return new EngineRefusedError(
    setting,
    `the ssh host ${where} is not in your known_hosts${others}, so devstack cannot tell it is the host you mean; it showed the ${shown}.`,
    `Check that fingerprint with whoever runs the host, then accept it once with \`${sshCommand(where)} true\`; devstack never accepts a host key by itself.`,
  );
}
