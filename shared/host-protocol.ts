/**
 * How the browser host carries the contract over HTTP, shared by the host (main) and the renderer's
 * browser transport so the two cannot drift.
 *   POST /api/<channel>   request → Result envelope
 *   GET  /api/events      server-sent events, one `data: {name, payload}` per event
 */
export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/api/events';
/** The per-run token header (HTTP header names are case-insensitive; Node lower-cases them). */
export const TOKEN_HEADER = 'x-sightline-token';
