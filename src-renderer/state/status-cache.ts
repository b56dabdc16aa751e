/**
 * The last connection status main reported, kept in the window's localStorage so that a reload can
 * paint the dashboard (which needs the project's timezone) before main has answered. Only what the
 * status holds — project, host, timezone; never a key. Read back through the contract's schema: a
 * value that does not fit is ignored. Main's answer always replaces it.
 */
import { ConnectionStatusSchema, type ConnectionStatus } from '../../shared/contract';

export interface StatusCache {
  read(): ConnectionStatus | null;
  write(status: ConnectionStatus): void;
}

const KEY = 'sightline.connection-status';

export function localStatusCache(storage: Storage): StatusCache {
  return {
    read: () => {
      try {
        const text = storage.getItem(KEY);
        if (text === null) return null;
        const parsed = ConnectionStatusSchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    write: (status) => {
      try {
        storage.setItem(KEY, JSON.stringify(status));
      } catch {
        // A full or disabled storage only costs the head start.
      }
    },
  };
}
