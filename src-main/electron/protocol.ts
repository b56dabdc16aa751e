/**
 * The `app://sightline` protocol that serves the built renderer inside Electron, with the same file
 * rules (`resolveRendererFile`) and the same security headers (CSP included) as the browser host.
 * Pure: main.ts registers it with `protocol.handle(APP_SCHEME, …)`.
 */
import type { Privileges } from 'electron';
import { RENDERER_SECURITY_HEADERS } from '../security/csp';
import { resolveRendererFile } from '../security/renderer-files';
import { isAppUrl, parseUrl } from './app-origin';

/**
 * `standard` gives the scheme a real origin (relative URLs, storage); `secure` makes it a secure
 * context; `supportFetchAPI` lets the page fetch its own files. Never `bypassCSP`, never `corsEnabled`.
 */
export const APP_SCHEME_PRIVILEGES: Readonly<Privileges> = Object.freeze({
  standard: true,
  secure: true,
  supportFetchAPI: true,
});

export type ReadFile = (filePath: string) => Promise<Uint8Array<ArrayBuffer>>;

export type AppProtocolHandler = (request: { readonly url: string; readonly method: string }) => Promise<Response>;

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: { ...RENDERER_SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra },
  });
}

export function createAppProtocolHandler(rendererDir: string, readFile: ReadFile): AppProtocolHandler {
  return async (request) => {
    if (request.method !== 'GET') return plain(405, 'Method not allowed', { Allow: 'GET' });
    const url = parseUrl(request.url);
    if (url === null || !isAppUrl(request.url)) return plain(404, 'Not found');
    // Chromium gives a standard scheme's URL at least `/`; WHATWG parsing of `app://sightline` gives ''.
    const file = await resolveRendererFile(rendererDir, url.pathname === '' ? '/' : url.pathname);
    if (file === null) return plain(404, 'Not found');
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await readFile(file.filePath);
    } catch {
      return plain(404, 'Not found');
    }
    return new Response(body, {
      status: 200,
      headers: {
        ...RENDERER_SECURITY_HEADERS,
        'Content-Type': file.contentType,
        'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
      },
    });
  };
}
