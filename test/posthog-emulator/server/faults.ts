/**
 * Fault injection: make the next N requests (or a share of them) fail the ways a real network and a
 * real PostHog fail, so Sightline's error handling can be tested against each.
 */
export type FaultKind =
  /** An HTTP error with PostHog's body (401/403/404/429/500) or a load balancer's HTML page (502/503). */
  | { kind: 'status'; status: 401 | 403 | 404 | 429 | 500 | 502 | 503; retryAfterSeconds?: number }
  /** The normal answer, after a delay. */
  | { kind: 'slow'; delayMs: number }
  /** Headers never come; the socket stays open until the client gives up (or the emulator closes). */
  | { kind: 'hang' }
  /** The normal JSON answer cut off halfway, then the connection closes. */
  | { kind: 'truncated' }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** 200 with valid JSON of the wrong shape: `results` a string, `columns` numbers, `count` a string. */
  | { kind: 'wrong-shape' }
  /** 200 with an HTML page: the URL points at some other site. */
  | { kind: 'html' };

export interface FaultRule {
  fault: FaultKind;
  /** Only requests whose path starts with this (e.g. `/api/projects/1/query/`). */
  pathPrefix?: string;
  /** Only requests whose body contains this (e.g. a piece of one HogQL query's text). */
  bodyContains?: string;
  /** Apply to the next `count` matching requests … */
  count?: number;
  /** … or to this share (0–1) of matching requests, chosen by a seeded generator. */
  rate?: number;
}

interface ActiveRule extends FaultRule {
  remaining: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private state: number;

  constructor(seed = 1) {
    this.state = seed >>> 0 || 1;
  }

  inject(rule: FaultRule): void {
    if (rule.count === undefined && rule.rate === undefined) throw new Error('a fault needs a count or a rate');
    this.rules.push({ ...rule, remaining: rule.count ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** Whether a rule looks at request bodies (so the server reads them before asking). */
  wantsBody(): boolean {
    return this.rules.some((r) => r.bodyContains !== undefined);
  }

  /** The fault for this request, if any (consumes one use of a counted rule). */
  take(path: string, body?: string): FaultKind | null {
    for (const rule of this.rules) {
      if (rule.pathPrefix !== undefined && !path.startsWith(rule.pathPrefix)) continue;
      if (rule.bodyContains !== undefined && (body === undefined || !body.includes(rule.bodyContains))) continue;
      if (rule.remaining <= 0) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      rule.remaining -= 1;
      this.rules = this.rules.filter((r) => r.remaining > 0);
      return rule.fault;
    }
    return null;
  }

  private random(): number {
    // xorshift32: deterministic, so a "10 % of requests fail" test sees the same failures every run.
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 0x100000000;
  }
}
