/**
 * Keeps PostHog keys out of anything Sightline shows or records. Messages are written without the
 * key, but some carry text from the server (PostHog's `detail`), and a hostile or misconfigured
 * server could echo the Authorization header back: every such text goes through `scrubSecrets`.
 */

const KEY_TOKEN = /\b(ph[a-z])_[A-Za-z0-9_-]{4,}/g;

/** Replaces the key itself, any `Bearer …` credential and anything that looks like a PostHog key. */
export function scrubSecrets(text: string, apiKey?: string): string {
  let out = text;
  const key = apiKey?.trim();
  if (key !== undefined && key.length >= 8) out = out.split(key).join('[key]');
  out = out.replace(/\bBearer\s+\S+/gi, 'Bearer [key]');
  return out.replace(KEY_TOKEN, (_match, prefix: string) => `${prefix}_…`);
}

/** Server text fit for a message: secrets removed, control characters flattened, length capped. */
export function serverText(text: string, apiKey: string | undefined, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const flat = scrubSecrets(text, apiKey).replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
