/**
 * The PostHog endpoints Sightline reads, on top of the HTTP door (http.ts): projects, HogQL queries,
 * feature flags and event definitions. Lists follow DRF's `next` links, but only on the same host:
 * a `next` that points anywhere else is refused, so the key never leaves for another server.
 */
import type { z } from 'zod';
import { AppFailure } from '../contract/failure';
import { hostLabel, queryRejectedFailure } from './errors';
import type { PostHogHttp, RequestOptions } from './http';
import { serverText } from './redact';
import {
  EventDefinitionSchema,
  FeatureFlagSchema,
  HogQLQueryResponseSchema,
  paginatedSchema,
  ProjectSchema,
  type EventDefinition,
  type FeatureFlag,
  type HogQLQueryResponse,
  type Page,
  type Project,
} from './schemas';

export interface ListOptions extends RequestOptions {
  /** Items per request (PostHog's `limit`). */
  pageSize?: number;
  /** Stop after this many pages (a safety net against endless `next` chains). */
  maxPages?: number;
}

export interface PostHogClient {
  listProjects(options?: ListOptions): Promise<Project[]>;
  getProject(projectId: number, options?: RequestOptions): Promise<Project>;
  query(projectId: number, hogql: string, values?: Record<string, unknown>, options?: RequestOptions): Promise<HogQLQueryResponse>;
  listFeatureFlags(projectId: number, options?: ListOptions): Promise<FeatureFlag[]>;
  listEventDefinitions(projectId: number, search?: string, options?: ListOptions): Promise<EventDefinition[]>;
}

const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_MAX_PAGES = 50;

function projectPath(projectId: number): string {
  if (!Number.isSafeInteger(projectId) || projectId <= 0) throw new Error(`not a PostHog project id: ${String(projectId)}`);
  return `/api/projects/${projectId}`;
}

/**
 * The path (relative to the base URL) of a `next` link, or a failure if it leaves the host.
 * Only the path and query are taken: the request still goes to the base URL's scheme and port.
 */
export function nextPagePath(baseUrl: string, next: string): string {
  const base = new URL(baseUrl);
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    throw refusedNext(baseUrl, 'an unreadable address');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname.toLowerCase() !== base.hostname.toLowerCase() || url.username !== '' || url.password !== '') {
    throw refusedNext(baseUrl, url.protocol === 'https:' || url.protocol === 'http:' ? url.host : 'another kind of address');
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  if (basePath !== '' && !url.pathname.startsWith(`${basePath}/`)) throw refusedNext(baseUrl, `${url.host}${url.pathname}`);
  const path = `${url.pathname.slice(basePath.length)}${url.search}`;
  if (!path.startsWith('/api/')) throw refusedNext(baseUrl, `${url.host}${url.pathname}`);
  return path;
}

function refusedNext(baseUrl: string, where: string): AppFailure {
  return new AppFailure(
    'not_posthog',
    `${hostLabel(baseUrl)} answered, but not like PostHog: is the address right? (its next page points to ${where.slice(0, 200)}; Sightline does not send your key there)`,
    'Use the address you open PostHog at in your browser. For your own PostHog behind a proxy, check that its SITE_URL matches that address.',
  );
}

function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

export function createPostHogClient(http: PostHogHttp): PostHogClient {
  const listAll = async <T extends z.ZodType>(firstPath: string, item: T, options: ListOptions = {}): Promise<Array<z.output<T>>> => {
    const schema = paginatedSchema(item);
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    const items: Array<z.output<T>> = [];
    const visited = new Set<string>();
    let path: string | null = firstPath;
    while (path !== null && visited.size < maxPages && !visited.has(path)) {
      visited.add(path);
      const page = (await http.getJson(path, schema, { signal: options.signal })) as Page<z.output<T>>;
      items.push(...page.results);
      path = page.next === null || page.next === undefined || page.next === '' || page.results.length === 0 ? null : nextPagePath(http.baseUrl, page.next);
    }
    return items;
  };

  return {
    listProjects: (options = {}) =>
      listAll(withQuery('/api/projects/', { limit: options.pageSize ?? DEFAULT_PAGE_SIZE }), ProjectSchema, options),

    getProject: (projectId, options) => http.getJson(`${projectPath(projectId)}/`, ProjectSchema, options),

    query: async (projectId, hogql, values, options) => {
      const query: Record<string, unknown> = { kind: 'HogQLQuery', query: hogql };
      if (values !== undefined) query.values = values;
      const response = await http.postJson(`${projectPath(projectId)}/query/`, { query }, HogQLQueryResponseSchema, options);
      if (response.error !== null && response.error !== '') throw queryRejectedFailure(serverText(response.error, undefined));
      return response;
    },

    listFeatureFlags: (projectId, options = {}) =>
      listAll(withQuery(`${projectPath(projectId)}/feature_flags/`, { limit: options.pageSize ?? DEFAULT_PAGE_SIZE }), FeatureFlagSchema, options),

    listEventDefinitions: (projectId, search, options = {}) =>
      listAll(
        withQuery(`${projectPath(projectId)}/event_definitions/`, { limit: options.pageSize ?? DEFAULT_PAGE_SIZE, search: search === undefined || search === '' ? undefined : search }),
        EventDefinitionSchema,
        options,
      ),
  };
}
