/**
 * Starts the emulated PostHog: one HTTP(S) server per region ("us", "eu", "self-hosted"), each with
 * its own organization, user, personal keys and projects, so that region detection, wrong keys and
 * TLS failures can be exercised like against the real thing. A small control API (in-process, and
 * over HTTP under /_emulator/ for out-of-process users such as `npm run demo`) injects faults,
 * appends late events and reads the request log.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { DatasetExtension } from '../dataset/generator';
import type { Dataset } from '../dataset/types';
import type { HogQLEngine } from '../engine/types';
import { POSTHOG_RATE_LIMITS, type EmulatedOrganization, type EmulatedUser, type PersonalKey, type RateLimits, type RegionName } from './config';
import { FaultInjector } from './faults';
import { createPostHogApi, type RegionState, type RequestRecord } from './posthog-api';
import { ProjectState } from './project-state';
import { createTlsMaterial, type TlsMaterial, type TlsScenario } from './tls';

export interface RegionSetup {
  name: RegionName;
  organization: EmulatedOrganization;
  user: EmulatedUser;
  keys: PersonalKey[];
  datasets: Dataset[];
  /** Serve HTTPS with a certificate made for this scenario (self-hosted instances). */
  tls?: TlsScenario;
  /** Fixed port (0 = any free port). */
  port?: number;
}

export type EngineFactory = (dataset: Dataset, now: () => number) => Promise<HogQLEngine>;

export interface EmulatorOptions {
  regions: RegionSetup[];
  createEngine: EngineFactory;
  rateLimits?: Partial<RateLimits>;
  /** The emulator's clock (rate limits, `now()` in HogQL, event-definition volumes). */
  now?: () => number;
  /** Appends to a project when asked over HTTP (`POST /_emulator/extend`). */
  extend?: (dataset: Dataset, request: ExtendRequest) => DatasetExtension;
  faultSeed?: number;
}

export const ExtendRequestSchema = z
  .object({
    projectId: z.number().int(),
    seed: z.number().int(),
    lateDays: z.number().int().min(0).max(14).optional(),
    lateEventsPerDay: z.number().int().min(0).max(100_000).optional(),
    newDays: z.number().int().min(0).max(14).optional(),
  })
  .strict();
export type ExtendRequest = z.infer<typeof ExtendRequestSchema>;

export interface RunningRegion {
  name: RegionName;
  /** `http://127.0.0.1:<port>` or `https://127.0.0.1:<port>` */
  url: string;
  faults: FaultInjector;
  log: RequestRecord[];
  tls: TlsMaterial | null;
  state: RegionState;
  project(id: number): ProjectState;
  append(projectId: number, extension: DatasetExtension): Promise<void>;
}

export interface RunningEmulator {
  regions: Partial<Record<RegionName, RunningRegion>>;
  region(name: RegionName): RunningRegion;
  close(): Promise<void>;
}

const FaultRuleSchema = z
  .object({
    fault: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('status'), status: z.union([z.literal(401), z.literal(403), z.literal(404), z.literal(429), z.literal(500), z.literal(502), z.literal(503)]), retryAfterSeconds: z.number().int().positive().optional() }),
      z.object({ kind: z.literal('slow'), delayMs: z.number().int().min(0).max(600_000) }),
      z.object({ kind: z.literal('hang') }),
      z.object({ kind: z.literal('truncated') }),
      z.object({ kind: z.literal('malformed') }),
      z.object({ kind: z.literal('wrong-shape') }),
      z.object({ kind: z.literal('html') }),
    ]),
    pathPrefix: z.string().optional(),
    count: z.number().int().positive().optional(),
    rate: z.number().min(0).max(1).optional(),
  })
  .strict();

async function startRegion(setup: RegionSetup, options: EmulatorOptions, now: () => number): Promise<{ region: RunningRegion; server: Server; hung: Set<ServerResponse> }> {
  const projects = await Promise.all(setup.datasets.map(async (d) => new ProjectState(d, await options.createEngine(d, now), now)));
  const state: RegionState = { name: setup.name, organization: setup.organization, user: setup.user, keys: setup.keys, projects };
  const faults = new FaultInjector(options.faultSeed ?? 1);
  const log: RequestRecord[] = [];
  const hung = new Set<ServerResponse>();
  const api = createPostHogApi({ region: state, faults, limits: { ...POSTHOG_RATE_LIMITS, ...options.rateLimits }, now, log, hung });

  const project = (id: number): ProjectState => {
    const found = projects.find((p) => p.id === id);
    if (found === undefined) throw new Error(`no project ${id} in region ${setup.name}`);
    return found;
  };

  const control = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    if (path === '/_emulator/faults' && req.method === 'POST') {
      const rule = FaultRuleSchema.safeParse(body);
      if (!rule.success) return reply(400, { error: rule.error.issues });
      faults.inject(rule.data);
      return reply(200, { ok: true });
    }
    if (path === '/_emulator/faults' && req.method === 'DELETE') {
      faults.clear();
      return reply(200, { ok: true });
    }
    if (path === '/_emulator/requests' && req.method === 'GET') return reply(200, { requests: log });
    if (path === '/_emulator/extend' && req.method === 'POST') {
      const request = ExtendRequestSchema.safeParse(body);
      if (!request.success) return reply(400, { error: request.error.issues });
      if (options.extend === undefined) return reply(501, { error: 'this emulator was started without a data generator' });
      const target = projects.find((p) => p.id === request.data.projectId);
      if (target === undefined) return reply(404, { error: `no project ${request.data.projectId}` });
      const extension = options.extend(target.dataset, request.data);
      await target.append(extension);
      return reply(200, { appended: extension.events.length, lastDay: extension.lastDay });
    }
    return reply(404, { error: 'unknown control endpoint' });
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const work = path.startsWith('/_emulator/') ? control(req, res, path) : api(req, res);
    work.catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"type":"server_error","code":"error","detail":"A server error occurred.","attr":null}');
    });
  };

  const tls = setup.tls === undefined ? null : createTlsMaterial(setup.tls, now());
  const server = tls === null ? createHttpServer(handler) : createHttpsServer({ key: tls.key, cert: tls.cert }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(setup.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const region: RunningRegion = {
    name: setup.name,
    url: `${tls === null ? 'http' : 'https'}://127.0.0.1:${port}`,
    faults,
    log,
    tls,
    state,
    project,
    append: (projectId, extension) => project(projectId).append(extension),
  };
  return { region, server, hung };
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const started = await Promise.all(options.regions.map((setup) => startRegion(setup, options, now)));
  const regions: Partial<Record<RegionName, RunningRegion>> = {};
  for (const { region } of started) regions[region.name] = region;
  return {
    regions,
    region(name) {
      const region = regions[name];
      if (region === undefined) throw new Error(`the emulator has no ${name} region`);
      return region;
    },
    async close() {
      for (const { server, hung, region } of started) {
        for (const res of hung) res.destroy();
        hung.clear();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await Promise.all(region.state.projects.map((p) => p.engine.close()));
      }
    },
  };
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
      } catch {
        resolve(undefined);
      }
    });
  });
}
