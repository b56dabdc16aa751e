/**
 * The PostHog REST API as Sightline uses it, for one region (one host). Shapes follow PostHog's
 * sources, named beside each route: the API serializers under posthog/api/, the query schema in
 * frontend/src/queries/schema.json (HogQLQuery, HogQLQueryResponse), and drf-exceptions-hog for errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { toPostHogTypes } from '../engine/duckdb-engine';
import { HogQLQueryError } from '../engine/types';
import type { EmulatedOrganization, EmulatedUser, PersonalKey, RateLimits, RegionName, Scope } from './config';
import type { FaultInjector, FaultKind } from './faults';
import { errors, type PostHogError } from './posthog-errors';
import type { ProjectState } from './project-state';
import { ConcurrencyLimiter, SlidingWindowLimiter, type Clock } from './rate-limiter';

export interface RegionState {
  name: RegionName;
  organization: EmulatedOrganization;
  user: EmulatedUser;
  keys: PersonalKey[];
  projects: ProjectState[];
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  key: string | null;
  at: number;
  durationMs: number;
}

export interface PostHogApiDeps {
  region: RegionState;
  faults: FaultInjector;
  limits: RateLimits;
  now: Clock;
  /** Every request, for tests that count how many requests a sync made. */
  log: RequestRecord[];
  /** Requests held open by a `hang` fault, released when the emulator closes. */
  hung: Set<ServerResponse>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** `POST /api/projects/{id}/query/` body — PostHog's QueryRequest (schema.json) for a HogQLQuery. */
const QueryRequestSchema = z.object({
  query: z.object({ kind: z.string(), query: z.string().optional(), values: z.record(z.string(), z.unknown()).optional() }).passthrough(),
  name: z.string().optional(),
  refresh: z.union([z.boolean(), z.string()]).optional(),
  client_query_id: z.string().optional(),
  async: z.boolean().optional(),
});

class ApiFailure extends Error {
  constructor(readonly failure: PostHogError) {
    super(failure.body.detail);
  }
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export function createPostHogApi(deps: PostHogApiDeps) {
  const { region } = deps;
  const queryBudget = new SlidingWindowLimiter(
    [
      { limit: deps.limits.queryPerMinute, spanMs: 60_000 },
      { limit: deps.limits.queryPerHour, spanMs: 3_600_000 },
    ],
    deps.now,
  );
  const otherBudget = new SlidingWindowLimiter(
    [
      { limit: deps.limits.otherPerMinute, spanMs: 60_000 },
      { limit: deps.limits.otherPerHour, spanMs: 3_600_000 },
    ],
    deps.now,
  );
  const concurrency = new ConcurrencyLimiter(deps.limits.queryConcurrency);

  const authenticate = (req: IncomingMessage): PersonalKey => {
    const header = req.headers.authorization;
    if (header === undefined || header.trim() === '') throw new ApiFailure(errors.notAuthenticated());
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    const key = match === null ? undefined : region.keys.find((k) => k.value === match[1]);
    // Unknown keys, keys of the other region and project keys (phc_) all fail the same way on PostHog.
    if (key === undefined) throw new ApiFailure(errors.invalidPersonalKey());
    return key;
  };

  const requireScope = (key: PersonalKey, scope: Scope): void => {
    if (!key.scopes.includes('*') && !key.scopes.includes(scope)) throw new ApiFailure(errors.missingScope(scope));
  };

  const accessibleProjects = (key: PersonalKey): ProjectState[] =>
    region.projects.filter((p) => key.scopedProjects === null || key.scopedProjects.includes(p.id));

  const resolveProject = (key: PersonalKey, raw: string): ProjectState => {
    if (raw === '@current') {
      const first = accessibleProjects(key)[0];
      if (first === undefined) throw new ApiFailure(errors.noProjectAccess());
      return first;
    }
    if (!/^\d+$/.test(raw)) throw new ApiFailure(errors.notFound());
    const project = region.projects.find((p) => p.id === Number(raw));
    if (project === undefined) throw new ApiFailure(errors.notFound());
    if (key.scopedProjects !== null && !key.scopedProjects.includes(project.id)) throw new ApiFailure(errors.noProjectAccess());
    return project;
  };

  const throttle = (limiter: SlidingWindowLimiter, key: PersonalKey): void => {
    const wait = limiter.take(key.value);
    if (wait > 0) throw new ApiFailure(errors.throttled(wait));
  };

  /** DRF's LimitOffsetPagination: `{count, next, previous, results}` with absolute next/previous links. */
  const paginate = <T>(req: IncomingMessage, url: URL, items: T[], defaultLimit: number) => {
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? defaultLimit) || defaultLimit, 1), 1000);
    const offset = Math.max(Number(url.searchParams.get('offset') ?? 0) || 0, 0);
    const link = (o: number): string => {
      const next = new URL(url.toString());
      next.searchParams.set('limit', String(limit));
      next.searchParams.set('offset', String(o));
      return `${next.protocol}//${req.headers.host ?? next.host}${next.pathname}${next.search}`;
    };
    return {
      count: items.length,
      next: offset + limit < items.length ? link(offset + limit) : null,
      previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
      results: items.slice(offset, offset + limit),
    };
  };

  /** posthog/api/team.py TeamBasicSerializer/TeamSerializer (the fields Sightline reads, plus a few neighbours). */
  const projectJson = (p: ProjectState) => ({
    id: p.id,
    uuid: `0190${String(p.id).padStart(4, '0')}-0000-7000-8000-${String(p.id).padStart(12, '0')}`,
    organization: region.organization.id,
    project_id: p.id,
    api_token: p.dataset.project.api_token,
    name: p.dataset.project.name,
    timezone: p.dataset.project.timezone,
    week_start_day: p.dataset.project.week_start_day ?? null,
    is_demo: false,
    ingested_event: true,
    completed_snapshot_onboarding: false,
    access_control: false,
  });

  const routes: Array<{ method: string; pattern: RegExp; run: (req: IncomingMessage, url: URL, key: PersonalKey, params: string[]) => Promise<unknown> }> = [
    {
      // posthog/api/user.py UserSerializer (subset): who the key belongs to, their organization and current project.
      method: 'GET',
      pattern: /^\/api\/users\/@me\/?$/,
      run: async (_req, _url, key) => {
        requireScope(key, 'user:read');
        throttle(otherBudget, key);
        const current = accessibleProjects(key)[0];
        return {
          ...region.user,
          uuid: region.user.uuid,
          organization: { ...region.organization, membership_level: 15 },
          organizations: [{ id: region.organization.id, name: region.organization.name }],
          team: current === undefined ? null : { id: current.id, name: current.dataset.project.name, timezone: current.dataset.project.timezone },
        };
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/projects\/?$/,
      run: async (req, url, key) => {
        requireScope(key, 'project:read');
        throttle(otherBudget, key);
        return paginate(req, url, accessibleProjects(key).map(projectJson), 100);
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/projects\/([^/]+)\/?$/,
      run: async (_req, _url, key, [id]) => {
        requireScope(key, 'project:read');
        throttle(otherBudget, key);
        return projectJson(resolveProject(key, id ?? ''));
      },
    },
    {
      // posthog/api/feature_flag.py FeatureFlagSerializer (subset); paginated like every list.
      method: 'GET',
      pattern: /^\/api\/projects\/([^/]+)\/feature_flags\/?$/,
      run: async (req, url, key, [id]) => {
        requireScope(key, 'feature_flag:read');
        throttle(otherBudget, key);
        const project = resolveProject(key, id ?? '');
        const search = url.searchParams.get('search')?.toLowerCase();
        const flags = project.dataset.flags
          .filter((f) => search === undefined || f.key.toLowerCase().includes(search) || f.name.toLowerCase().includes(search))
          .map((f) => ({
            id: f.id,
            key: f.key,
            name: f.name,
            active: f.active,
            deleted: false,
            created_at: iso(f.created_at),
            filters: { groups: [{ properties: [], rollout_percentage: f.rollout_percentage }], multivariate: null, payloads: {} },
            ensure_experience_continuity: false,
            tags: [],
          }));
        return paginate(req, url, flags, 100);
      },
    },
    {
      // posthog/api/event_definition.py (EventDefinitionSerializer: name, volume_30_day, last_seen_at, …); `search` filters by name.
      method: 'GET',
      pattern: /^\/api\/projects\/([^/]+)\/event_definitions\/?$/,
      run: async (req, url, key, [id]) => {
        requireScope(key, 'event_definition:read');
        throttle(otherBudget, key);
        const project = resolveProject(key, id ?? '');
        const search = url.searchParams.get('search')?.toLowerCase();
        const definitions = project
          .eventDefinitions()
          .filter((d) => search === undefined || d.name.toLowerCase().includes(search))
          .map((d, index) => ({
            id: `0190${String(index).padStart(4, '0')}-0000-7000-8000-${String(project.id).padStart(12, '0')}`,
            name: d.name,
            volume_30_day: d.volume_30_day,
            query_usage_30_day: null,
            created_at: iso(d.first_seen_at),
            last_seen_at: iso(d.last_seen_at),
            tags: [],
            verified: false,
            hidden: false,
          }));
        return paginate(req, url, definitions, 100);
      },
    },
    {
      // posthog/api/query.py QueryViewSet.create → HogQLQueryResponse (frontend/src/queries/schema.json).
      method: 'POST',
      pattern: /^\/api\/projects\/([^/]+)\/query\/?$/,
      run: async (req, _url, key, [id]) => {
        requireScope(key, 'query:read');
        const project = resolveProject(key, id ?? '');
        throttle(queryBudget, key);
        const body = QueryRequestSchema.safeParse(await readJson(req));
        if (!body.success) {
          const issue = body.error.issues[0];
          throw new ApiFailure(errors.validation(issue?.message ?? 'Invalid request', issue?.path.map(String).join('__') || null));
        }
        const query = body.data.query;
        if (query.kind !== 'HogQLQuery') {
          throw new ApiFailure(errors.validation(`The emulator answers only HogQLQuery, not ${query.kind}.`, 'query__kind'));
        }
        if (query.query === undefined || query.query.trim() === '') throw new ApiFailure(errors.validation('This field is required.', 'query__query'));
        const release = concurrency.tryAcquire(String(project.id));
        if (release === null) throw new ApiFailure(errors.throttled(1));
        try {
          const started = deps.now();
          const result = await project.engine.query({ query: query.query, values: query.values });
          const { sql, types: _bareTypes, ...data } = result;
          return {
            ...data,
            // PostHog passes ClickHouse's `with_column_types` through: [column, type] pairs (posthog/hogql/query.py).
            types: toPostHogTypes(result),
            query: query.query,
            hogql: query.query,
            clickhouse: sql,
            timezone: project.dataset.project.timezone,
            is_cached: false,
            last_refresh: iso(started),
            next_allowed_client_refresh: iso(started + 60_000),
            cache_key: `cache_${project.id}_${Buffer.from(query.query).toString('base64url').slice(0, 24)}`,
            modifiers: {},
            timings: [],
            error: null,
            explain: null,
            metadata: null,
            query_status: null,
          };
        } catch (error) {
          if (error instanceof HogQLQueryError) throw new ApiFailure(errors.validation(error.message));
          throw error;
        } finally {
          release();
        }
      },
    },
  ];

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const applyFault = async (res: ServerResponse, fault: FaultKind, normal: () => Promise<{ status: number; body: unknown }>): Promise<number> => {
    switch (fault.kind) {
      case 'status': {
        if (fault.status === 502 || fault.status === 503) {
          res.writeHead(fault.status, { 'Content-Type': 'text/html' });
          res.end(`<html><head><title>${fault.status}</title></head><body><h1>${fault.status} ${fault.status === 502 ? 'Bad Gateway' : 'Service Temporarily Unavailable'}</h1></body></html>`);
          return fault.status;
        }
        const failure =
          fault.status === 401
            ? errors.invalidPersonalKey()
            : fault.status === 403
              ? errors.noProjectAccess()
              : fault.status === 404
                ? errors.notFound()
                : fault.status === 429
                  ? errors.throttled(fault.retryAfterSeconds ?? 30)
                  : errors.server();
        send(res, failure.status, failure.body, failure.headers);
        return failure.status;
      }
      case 'slow': {
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        const { status, body } = await normal();
        send(res, status, body);
        return status;
      }
      case 'hang':
        deps.hung.add(res);
        return 0;
      case 'truncated': {
        const { status, body } = await normal();
        const text = JSON.stringify(body);
        res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
        res.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        res.destroy();
        return status;
      }
      case 'malformed':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"results": [[1, 2], [3, ');
        return 200;
      case 'wrong-shape':
        send(res, 200, { results: 'not-a-list', columns: [1, 2], types: null, hasMore: 'no', count: 'many', next: 42 });
        return 200;
      case 'html':
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><html><head><title>Welcome</title></head><body>Not PostHog</body></html>');
        return 200;
    }
  };

  const handle = async (req: IncomingMessage, url: URL): Promise<{ status: number; body: unknown; headers?: Record<string, string>; key: string | null }> => {
    let keyLabel: string | null = null;
    try {
      const candidates = routes.filter((r) => r.pattern.test(url.pathname));
      if (candidates.length === 0) throw new ApiFailure(errors.notFound());
      const route = candidates.find((r) => r.method === req.method);
      const key = authenticate(req);
      keyLabel = key.label;
      if (route === undefined) throw new ApiFailure(errors.methodNotAllowed(req.method ?? ''));
      const params = route.pattern.exec(url.pathname)?.slice(1) ?? [];
      return { status: 200, body: await route.run(req, url, key, params), key: keyLabel };
    } catch (error) {
      if (error instanceof ApiFailure) return { status: error.failure.status, body: error.failure.body, headers: error.failure.headers, key: keyLabel };
      const failure = errors.server();
      return { status: failure.status, body: failure.body, key: keyLabel };
    }
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = deps.now();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const record = (status: number, key: string | null): void => {
      deps.log.push({ method: req.method ?? '', path: url.pathname, status, key, at: started, durationMs: deps.now() - started });
    };
    // A rule may target one query by its text (`bodyContains`): only then is the body read up front.
    const body = req.method === 'POST' && deps.faults.wantsBody() ? (await rawBody(req).catch(() => null))?.toString('utf8') : undefined;
    const fault = deps.faults.take(url.pathname, body);
    if (fault !== null) {
      const status = await applyFault(res, fault, async () => handle(req, url));
      record(status, null);
      return;
    }
    const result = await handle(req, url);
    send(res, result.status, result.body, result.headers);
    record(result.status, result.key);
  };
}

/** Each request's body, read once: the fault injector may look at it before the route parses it. */
const bodies = new WeakMap<IncomingMessage, Promise<Buffer>>();

function rawBody(req: IncomingMessage): Promise<Buffer> {
  let body = bodies.get(req);
  if (body === undefined) {
    body = new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          reject(new ApiFailure(errors.parseError('Request body too large.')));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    body.catch(() => undefined);
    bodies.set(req, body);
  }
  return body;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await rawBody(req);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new ApiFailure(errors.parseError('JSON parse error - Unexpected token in the request body.'));
  }
}
