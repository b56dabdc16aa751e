import { describe, expect, it, vi } from 'vitest';

// The real `electron` module is never loaded (its binary is not installed): the preload gets typed fakes.
const exposed = vi.hoisted(() => [] as Array<{ key: string; api: unknown }>);
const ipcRenderer = vi.hoisted(() => ({
  invoke: async (): Promise<unknown> => ({ ok: true, data: null }),
  on: () => {},
  removeListener: () => {},
  send: () => {},
  sendSync: () => {},
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed.push({ key, api });
    },
  },
  ipcRenderer,
}));

describe('preload', () => {
  it('exposes exactly one global, `sightline`, holding only the named bridge members', async () => {
    await import('../../../src-main/electron/preload');
    expect(exposed).toHaveLength(1);
    const [only] = exposed;
    expect(only?.key).toBe('sightline');
    const api = only?.api as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'subscribe', 'transport']);
    expect(api.transport).toBe('electron');
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.values(api)).not.toContain(ipcRenderer);
    expect(Object.values(api)).not.toContain(ipcRenderer.send);
    expect(Object.values(api)).not.toContain(ipcRenderer.sendSync);
  });
});
