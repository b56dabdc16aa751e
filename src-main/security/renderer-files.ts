import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export interface RendererFile {
  filePath: string;
  contentType: string;
  /** Hashed build assets can be cached; the HTML entry must not be. */
  immutable: boolean;
}

/**
 * Maps a URL path to a file of the built renderer, or null. Used by the browser host and by the
 * Electron `app://` protocol, so both serve exactly the same files. Refuses anything that would leave
 * the renderer folder (`..`, encoded slashes, symlinks pointing out), hidden files and unknown types.
 * `/` and unknown extension-less paths (client routes) fall back to `index.html`.
 */
export async function resolveRendererFile(rootDir: string, urlPath: string): Promise<RendererFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) return null;

  const hasExtension = segments.length > 0 && path.extname(segments[segments.length - 1] ?? '') !== '';
  const relative = hasExtension ? segments.join('/') : 'index.html';
  const contentType = CONTENT_TYPES[path.extname(relative).toLowerCase()];
  if (contentType === undefined) return null;

  const root = await realpath(rootDir).catch(() => null);
  if (root === null) return null;
  const candidate = path.join(root, relative);
  const real = await realpath(candidate).catch(() => null);
  if (real === null || !real.startsWith(root + path.sep)) return null;
  const info = await stat(real).catch(() => null);
  if (info === null || !info.isFile()) return null;
  return { filePath: real, contentType, immutable: relative.startsWith('assets/') };
}
