import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RENDERER_CSP, RENDERER_SECURITY_HEADERS } from '../../../src-main/security/csp';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from '../../../src-main/electron/protocol';

const INDEX = '<!doctype html><title>Sightline</title>';
const SECRET = '{"secret":"do not serve"}';

let root = '';
let rendererDir = '';

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'sightline-protocol-'));
  rendererDir = path.join(root, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), INDEX);
  await writeFile(path.join(rendererDir, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(path.join(rendererDir, 'data.json'), '{"ok":true}');
  // Outside the renderer folder: must never be reachable.
  await writeFile(path.join(root, 'secret.json'), SECRET);
  await symlink(path.join(root, 'secret.json'), path.join(rendererDir, 'link.json'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const handler = () => createAppProtocolHandler(rendererDir, (file) => readFile(file));
const get = (url: string) => handler()({ url, method: 'GET' });

describe('APP_SCHEME_PRIVILEGES', () => {
  it('is standard, secure and fetchable, and never bypasses CSP or enables CORS', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true });
    expect(APP_SCHEME_PRIVILEGES.bypassCSP).toBeUndefined();
    expect(APP_SCHEME_PRIVILEGES.corsEnabled).toBeUndefined();
    expect(Object.isFrozen(APP_SCHEME_PRIVILEGES)).toBe(true);
  });
});

describe('createAppProtocolHandler', () => {
  it('serves index.html with its content type, the CSP and every security header', async () => {
    const response = await get('app://sightline/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    for (const [name, value] of Object.entries(RENDERER_SECURITY_HEADERS)) {
      expect(response.headers.get(name)).toBe(value);
    }
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('serves index.html for the root and for client routes', async () => {
    for (const url of ['app://sightline/', 'app://sightline', 'app://sightline/alerts?x=1']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(INDEX);
    }
  });

  it('serves hashed assets as immutable, with the CSP too', async () => {
    const response = await get('app://sightline/assets/app-1234.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
  });

  it.each([
    'app://sightline/../secret.json',
    'app://sightline/%2e%2e/secret.json',
    'app://sightline/..%2fsecret.json',
    'app://sightline/..%5csecret.json',
    'app://sightline/assets/..%2f..%2fsecret.json',
    'app://sightline/%2F..%2Fsecret.json',
    'app://sightline/link.json',
    'app://sightline/.hidden.json',
    'app://sightline/missing.js',
    'app://sightline/%zz.json',
  ])('answers 404 for %j and never leaks the file outside', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('do not serve');
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
  });

  it('serves a JSON file that is inside the folder (control for the traversal cases)', async () => {
    const response = await get('app://sightline/data.json');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"ok":true}');
  });

  it.each([
    'app://other/index.html',
    'app://sightline.evil.example/index.html',
    'app://sightline:1/index.html',
    'app://user@sightline/index.html',
    'https://sightline/index.html',
    'file:///index.html',
    'not a url',
  ])('answers 404 for a foreign URL %j without touching the disk', async (url) => {
    const read = vi.fn(async (file: string) => readFile(file));
    const response = await createAppProtocolHandler(rendererDir, read)({ url, method: 'GET' });
    expect(response.status).toBe(404);
    expect(read).not.toHaveBeenCalled();
  });

  it.each(['POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'])('answers 405 for %s', async (method) => {
    const read = vi.fn(async (file: string) => readFile(file));
    const response = await createAppProtocolHandler(rendererDir, read)({ url: 'app://sightline/index.html', method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(read).not.toHaveBeenCalled();
  });

  it('answers 404 when the file cannot be read', async () => {
    const failing = createAppProtocolHandler(rendererDir, async () => {
      throw new Error('EACCES');
    });
    const response = await failing({ url: 'app://sightline/index.html', method: 'GET' });
    expect(response.status).toBe(404);
  });
});
