/**
 * Failures below HTTP — DNS, refused connections, timeouts, no network, TLS — turned into the app's
 * typed failures. Node's fetch (undici) throws `TypeError('fetch failed')` with the system or TLS error
 * as its `cause` (sometimes nested, sometimes an AggregateError of one error per address tried), so
 * the whole chain is searched for a known code. TLS hints offer the custom CA certificate option and
 * never suggest ignoring certificate errors.
 */
import { AppFailure } from '../contract/failure';
import { hostLabel, type RequestContext } from './errors';

interface ChainLink {
  code: string | null;
  message: string;
  subjectAltName: string | null;
}

/** Every error reachable through `cause` and `errors` (AggregateError), breadth first, bounded. */
function errorChain(error: unknown): ChainLink[] {
  const links: ChainLink[] = [];
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length > 0 && links.length < 16) {
    const item = queue.shift();
    if (typeof item !== 'object' || item === null || seen.has(item)) continue;
    seen.add(item);
    const record = item as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; cert?: unknown };
    const cert = record.cert as { subjectaltname?: unknown } | undefined;
    links.push({
      code: typeof record.code === 'string' ? record.code : null,
      message: typeof record.message === 'string' ? record.message : '',
      subjectAltName: typeof cert?.subjectaltname === 'string' ? cert.subjectaltname : null,
    });
    queue.push(record.cause);
    if (Array.isArray(record.errors)) queue.push(...(record.errors as unknown[]));
  }
  return links;
}

const TLS_SELF_SIGNED = ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN'];
const TLS_UNTRUSTED = ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_CHAIN_TOO_LONG', 'INVALID_CA'];
const TLS_EXPIRED = ['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'];
const TLS_HOSTNAME = ['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH'];
const TLS_OTHER = /^(ERR_TLS_|ERR_SSL_|CERT_|EPROTO$|ERR_OSSL_)/;
const DNS = ['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA'];
const REFUSED = ['ECONNREFUSED'];
const OFFLINE = ['ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENONET', 'EADDRNOTAVAIL'];
const TIMED_OUT = ['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'];
const DROPPED = ['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'];

const CUSTOM_CA_HINT =
  'Sightline never ignores certificate errors. If this is your own PostHog with a private or self-signed certificate, choose its CA certificate (a .pem or .crt file) as “Custom CA certificate” and test again.';

function hostnameOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname;
  } catch {
    return hostLabel(baseUrl);
  }
}

function hostAndPort(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
    return `${url.hostname}:${port}`;
  } catch {
    return hostLabel(baseUrl);
  }
}

/** `DNS:posthog.example.com, IP Address:10.0.0.1` → the names, if they look like names. */
function certificateNames(subjectAltName: string | null): string[] {
  if (subjectAltName === null) return [];
  return subjectAltName
    .split(',')
    .map((part) => part.trim().replace(/^(DNS|IP Address):/i, ''))
    .filter((name) => /^[A-Za-z0-9.*:-]{1,253}$/.test(name))
    .slice(0, 3);
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  const text = seconds >= 10 || Number.isInteger(seconds) ? String(Math.round(seconds)) : seconds.toFixed(1).replace(/\.0$/, '');
  return `${text} second${text === '1' ? '' : 's'}`;
}

/** Sightline's own timer ran out. */
export function timeoutFailure(ctx: RequestContext): AppFailure {
  return new AppFailure(
    'timeout',
    `PostHog at ${hostLabel(ctx.baseUrl)} did not answer within ${formatSeconds(ctx.timeoutMs)}.`,
    'PostHog may be overloaded or the network slow. Try again in a moment; if it keeps happening with your own PostHog, check that the server is up and that a proxy is not holding the connection.',
  );
}

function tlsFailure(ctx: RequestContext, code: string, link: ChainLink): AppFailure | null {
  const host = hostLabel(ctx.baseUrl);
  if (TLS_SELF_SIGNED.includes(code)) {
    return new AppFailure('tls_self_signed', `The TLS certificate of ${host} is self-signed, so this computer cannot verify it.`, CUSTOM_CA_HINT);
  }
  if (TLS_UNTRUSTED.includes(code)) {
    return new AppFailure(
      'tls_untrusted_ca',
      `The TLS certificate of ${host} is signed by a certificate authority this computer does not trust (a private CA?).`,
      CUSTOM_CA_HINT,
    );
  }
  if (TLS_EXPIRED.includes(code)) {
    const notYet = code === 'CERT_NOT_YET_VALID';
    return new AppFailure(
      'tls_expired',
      notYet ? `The TLS certificate of ${host} is not valid yet.` : `The TLS certificate of ${host} has expired.`,
      `Renew the certificate on the PostHog server (and check that this computer’s clock is right), then test again. Sightline never ignores certificate errors; a custom CA certificate does not make an expired certificate valid.`,
    );
  }
  if (TLS_HOSTNAME.includes(code)) {
    const names = certificateNames(link.subjectAltName);
    const issuedFor = names.length === 0 ? '' : ` It was issued for ${names.join(', ')}.`;
    return new AppFailure(
      'tls_hostname_mismatch',
      `The TLS certificate of ${host} is for another host name, not ${hostnameOf(ctx.baseUrl)}.${issuedFor}`,
      `Use the address the certificate was issued for, or have the certificate reissued for ${hostnameOf(ctx.baseUrl)}. Sightline never ignores certificate errors, and a custom CA certificate cannot fix a host name mismatch.`,
    );
  }
  if (TLS_OTHER.test(code)) {
    const plainHttp = code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG';
    return new AppFailure(
      'tls_error',
      plainHttp
        ? `The secure (TLS) connection to ${host} failed: the server does not seem to speak HTTPS on that port (${code}).`
        : `The secure (TLS) connection to ${host} failed (${code}).`,
      plainHttp ? `If your PostHog is served without TLS, use an http:// address. ${CUSTOM_CA_HINT}` : CUSTOM_CA_HINT,
    );
  }
  return null;
}

/** The failure for an error thrown by fetch (no HTTP answer at all, or the answer broke off). */
export function failureForNetworkError(ctx: RequestContext, error: unknown): AppFailure {
  const chain = errorChain(error);
  const find = (codes: readonly string[]): ChainLink | undefined => chain.find((l) => l.code !== null && codes.includes(l.code));

  for (const link of chain) {
    if (link.code === null) continue;
    const tls = tlsFailure(ctx, link.code, link);
    if (tls !== null) return tls;
  }
  const dns = find(DNS);
  if (dns !== undefined) {
    const temporary = dns.code === 'EAI_AGAIN';
    return new AppFailure(
      'dns_failure',
      temporary
        ? `The name ${hostnameOf(ctx.baseUrl)} could not be looked up right now (DNS did not answer): is this computer offline?`
        : `The name ${hostnameOf(ctx.baseUrl)} does not resolve: DNS knows no such host.`,
      temporary
        ? 'Check your internet connection (or VPN), then test again.'
        : 'Check the spelling of the address. For your own PostHog, make sure its DNS name exists and that this computer can resolve it (a VPN may be needed).',
    );
  }
  if (find(REFUSED) !== undefined) {
    return new AppFailure(
      'connection_refused',
      `Nothing accepts connections at ${hostAndPort(ctx.baseUrl)}: the connection was refused.`,
      'Check the address and port. For your own PostHog, make sure it is running and listening on that port, and that no firewall blocks it.',
    );
  }
  if (find(OFFLINE) !== undefined) {
    return new AppFailure(
      'offline',
      `This computer cannot reach ${hostLabel(ctx.baseUrl)}: the network is unreachable.`,
      'Check your internet connection, Wi-Fi or VPN, then test again. Synced data stays available offline.',
    );
  }
  if (find(TIMED_OUT) !== undefined) {
    return new AppFailure(
      'timeout',
      `The connection to ${hostLabel(ctx.baseUrl)} timed out.`,
      'PostHog may be overloaded or the network slow. Try again in a moment; if it keeps happening with your own PostHog, check that the server is up.',
    );
  }
  if (chain.some((l) => l.message === 'bad port')) {
    return new AppFailure(
      'invalid_host',
      `Port ${hostAndPort(ctx.baseUrl).split(':').pop() ?? ''} is blocked for web requests, so PostHog cannot be reached there.`,
      'Check the port in the address; PostHog is usually served on 443 (https) or 80 (http).',
    );
  }
  const dropped = find(DROPPED);
  const code = dropped?.code ?? chain.find((l) => l.code !== null && /^[A-Z][A-Z0-9_]{1,40}$/.test(l.code))?.code ?? null;
  return new AppFailure(
    'posthog_unavailable',
    dropped !== undefined
      ? `The connection to ${hostLabel(ctx.baseUrl)} closed before PostHog finished answering${code === null ? '' : ` (${code})`}.`
      : `Sightline could not talk to PostHog at ${hostLabel(ctx.baseUrl)}${code === null ? '' : ` (${code})`}.`,
    'This is usually temporary: try again in a moment. If it keeps happening, a proxy or firewall may be cutting the connection.',
  );
}
