/**
 * The connect wizard's "Test" and Settings' "Re-test": is this host PostHog, is this a personal API
 * key, does PostHog accept it here (or in the other cloud region), which projects can it see, and does
 * it have every scope Sightline needs? Success describes the connection; failure throws an AppFailure
 * that says what to fix. Key problems are caught before any request is made.
 */
import type { ProjectSummary } from '../../shared/contract';
import { keyKind, normalizePostHogHost, otherCloud, POSTHOG_CLOUDS, REQUIRED_SCOPES, type CloudRegion } from '../../shared/posthog-hosts';
import { AppFailure } from '../contract/failure';
import { createPostHogClient } from './client';
import { createPostHogHttp, type FetchLike, type PostHogHttp } from './http';
import { MeSchema, type Project } from './schemas';
import { checkScopes, throwWithAllMissing, type ProjectRef } from './scope-check';

export interface ConnectionInput {
  host: string;
  apiKey: string;
  caPem?: string | null;
}

export interface DiagnoseOptions {
  /** Where the two PostHog clouds are (tests pass the emulator's URLs). */
  clouds?: { us: string; eu: string };
  timeoutMs?: number;
  fetch?: FetchLike;
}

export interface ScopeReport {
  checked: string[];
  missing: [];
}

export interface KeyOwner {
  email?: string;
  organization?: string;
}

export interface ConnectionTestResult {
  /** The base URL requests go to. */
  host: string;
  cloud: CloudRegion | null;
  projects: ProjectSummary[];
  scopes: ScopeReport;
  user: KeyOwner | null;
}

export interface ProjectVerification {
  host: string;
  cloud: CloudRegion | null;
  project: ProjectSummary;
  scopes: ScopeReport;
  user: KeyOwner | null;
}

const CLOUD_NAMES: Record<CloudRegion, string> = { us: 'PostHog US cloud', eu: 'PostHog EU cloud' };
const SCOPE_LIST = 'project:read, query:read, feature_flag:read and event_definition:read';

interface Target {
  baseUrl: string;
  cloud: CloudRegion | null;
}

/** The base URL to call, and which cloud it is (by name, or by the configured cloud URLs). */
function resolveTarget(host: string, clouds: { us: string; eu: string }): Target {
  const normalized = normalizePostHogHost(host);
  if (!normalized.ok) {
    throw new AppFailure(
      'invalid_host',
      normalized.message,
      'Choose US cloud (https://us.posthog.com), EU cloud (https://eu.posthog.com), or enter the full address of your own PostHog, e.g. https://posthog.example.com.',
    );
  }
  if (normalized.cloud !== null) return { baseUrl: clouds[normalized.cloud].replace(/\/+$/, ''), cloud: normalized.cloud };
  for (const region of ['us', 'eu'] as const) {
    const cloudUrl = normalizePostHogHost(clouds[region]);
    if (cloudUrl.ok && cloudUrl.url === normalized.url) return { baseUrl: normalized.url, cloud: region };
  }
  return { baseUrl: normalized.url, cloud: null };
}

/** Project keys and non-keys are recognised without asking PostHog. */
function checkKeyFormat(apiKey: string): void {
  const kind = keyKind(apiKey);
  if (kind === 'project') {
    throw new AppFailure(
      'project_key',
      `This is a project API key (phc_…), which can only send events to PostHog, not read them: create a personal API key in PostHog under Settings → Personal API keys with the scopes ${SCOPE_LIST}.`,
      'Personal API keys start with phx_. PostHog shows a new key only once, so copy it right away.',
    );
  }
  if (kind === 'unknown') {
    const secure = /^phs_/.test(apiKey.trim());
    throw new AppFailure(
      'invalid_key_format',
      secure
        ? 'This is a feature flags secure API key (phs_…), not a personal API key: Sightline needs a personal API key, which starts with phx_.'
        : 'This does not look like a PostHog personal API key: those start with phx_ followed by letters and digits.',
      `In PostHog, open Settings → Personal API keys and create a key with the scopes ${SCOPE_LIST}, then paste all of it.`,
    );
  }
}

/** A project as the wizard and the settings show it: a name to display, its timezone and week start. */
export function projectSummary(project: Project): ProjectSummary {
  const name = project.name.trim();
  return {
    id: project.id,
    name: (name === '' ? `Project ${project.id}` : name).slice(0, 200),
    timezone: project.timezone.slice(0, 64),
    weekStartDay: project.week_start_day === 1 ? 1 : 0,
  };
}

function wrongRegionFailure(from: CloudRegion, to: CloudRegion, clouds: { us: string; eu: string }): AppFailure {
  return new AppFailure(
    'wrong_region',
    `This key belongs to ${CLOUD_NAMES[to]}.`,
    `It was created in ${CLOUD_NAMES[to]}, not ${CLOUD_NAMES[from]}: switch the address to ${clouds[to]} and test again.`,
    { suggestedHost: clouds[to], suggestedRegion: to },
  );
}

interface Session {
  target: Target;
  http: PostHogHttp;
  apiKey: string;
  input: ConnectionInput;
  options: DiagnoseOptions;
  clouds: { us: string; eu: string };
}

function openSession(input: ConnectionInput, options: DiagnoseOptions): Session {
  const clouds = options.clouds ?? POSTHOG_CLOUDS;
  const target = resolveTarget(input.host, clouds);
  const apiKey = input.apiKey.trim();
  checkKeyFormat(apiKey);
  const http = createPostHogHttp({ baseUrl: target.baseUrl, apiKey, caPem: input.caPem ?? null, timeoutMs: options.timeoutMs, fetch: options.fetch });
  return { target, http, apiKey, input, options, clouds };
}

/** A 401 from a cloud may mean the key lives in the other cloud: ask there before saying "invalid key". */
async function explainRejectedKey(session: Session, failure: AppFailure): Promise<never> {
  const from = session.target.cloud;
  if (failure.code !== 'invalid_key' || from === null) throw failure;
  const to = otherCloud(from);
  const other = createPostHogHttp({ baseUrl: session.clouds[to], apiKey: session.apiKey, timeoutMs: session.options.timeoutMs, fetch: session.options.fetch });
  let belongsThere: boolean;
  try {
    await createPostHogClient(other).listProjects({ pageSize: 1, maxPages: 1 });
    belongsThere = true;
  } catch (error) {
    // A scope or access problem there still proves the key exists there.
    belongsThere = error instanceof AppFailure && (error.code === 'missing_scopes' || error.code === 'no_project_access');
  } finally {
    await other.close();
  }
  throw belongsThere ? wrongRegionFailure(from, to, session.clouds) : failure;
}

/** `project:read` missing: report it together with every other missing scope. */
async function handleFirstFailure(session: Session, error: unknown, project: ProjectRef): Promise<never> {
  if (!(error instanceof AppFailure)) throw error;
  if (error.code === 'invalid_key') return explainRejectedKey(session, error);
  if (error.code === 'missing_scopes') return throwWithAllMissing(session.http, error, project);
  throw error;
}

/** Who the key belongs to: a courtesy (`user:read` is not required), so any failure is ignored. */
async function keyOwner(http: PostHogHttp): Promise<KeyOwner | null> {
  try {
    const me = await http.getJson('/api/users/@me/', MeSchema);
    const owner: KeyOwner = {};
    if (me.email !== undefined && me.email !== '') owner.email = me.email.slice(0, 200);
    const organization = me.organization?.name;
    if (organization !== undefined && organization !== '') owner.organization = organization.slice(0, 200);
    return owner;
  } catch {
    return null;
  }
}

function scopeReport(): ScopeReport {
  return { checked: [...REQUIRED_SCOPES], missing: [] };
}

/** The wizard's Test: list the key's projects and prove every needed scope. */
export async function testConnection(input: ConnectionInput, options: DiagnoseOptions = {}): Promise<ConnectionTestResult> {
  const session = openSession(input, options);
  try {
    const client = createPostHogClient(session.http);
    let projects: Project[];
    try {
      projects = await client.listProjects();
    } catch (error) {
      return await handleFirstFailure(session, error, '@current');
    }
    const first = projects[0];
    if (first === undefined) {
      throw new AppFailure(
        'no_projects',
        `This API key cannot see any project on ${session.target.cloud === null ? 'this PostHog' : CLOUD_NAMES[session.target.cloud]}.`,
        'In PostHog, open Settings → Personal API keys and give the key access to your project (or “All access”), or create a project first.',
      );
    }
    const [, user] = await Promise.all([checkScopes(session.http, first.id), keyOwner(session.http)]);
    return { host: session.target.baseUrl, cloud: session.target.cloud, projects: projects.map(projectSummary), scopes: scopeReport(), user };
  } finally {
    await session.http.close();
  }
}

/** Settings' Re-test of a saved connection: the project must still be there and readable, with every scope. */
export async function verifyProject(input: ConnectionInput & { projectId: number }, options: DiagnoseOptions = {}): Promise<ProjectVerification> {
  const session = openSession(input, options);
  try {
    const client = createPostHogClient(session.http);
    let project: Project;
    try {
      project = await client.getProject(input.projectId);
    } catch (error) {
      return await handleFirstFailure(session, error, input.projectId);
    }
    const [, user] = await Promise.all([checkScopes(session.http, project.id), keyOwner(session.http)]);
    return { host: session.target.baseUrl, cloud: session.target.cloud, project: projectSummary(project), scopes: scopeReport(), user };
  } finally {
    await session.http.close();
  }
}
