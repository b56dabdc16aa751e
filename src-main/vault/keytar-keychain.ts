import type { Keychain } from './keychain';

/** The part of keytar's API the vault uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

function isKeytarApi(value: unknown): value is KeytarApi {
  if (typeof value !== 'object' || value === null) return false;
  const api = value as Record<string, unknown>;
  return typeof api.getPassword === 'function' && typeof api.setPassword === 'function' && typeof api.deletePassword === 'function';
}

/**
 * Loads keytar at run time. The specifier is not a literal on purpose: bundlers (esbuild here) then
 * leave the import alone instead of trying to inline a native module, and Node resolves it from
 * node_modules whether the caller is ESM or CommonJS. keytar is CommonJS, so its functions arrive on
 * `default` (and maybe as named exports too).
 */
export async function loadKeytar(): Promise<KeytarApi> {
  const specifier = 'keytar';
  const module: unknown = await import(specifier);
  const candidates = [module, typeof module === 'object' && module !== null ? (module as { default?: unknown }).default : undefined];
  const api = candidates.find(isKeytarApi);
  if (api === undefined) throw new Error('the keytar module has no getPassword/setPassword/deletePassword');
  return api;
}

export interface KeytarKeychainOptions {
  /** How to obtain keytar (tests inject a failing loader); loaded once, on first use. */
  load?: () => Promise<KeytarApi>;
}

/**
 * The OS keychain through keytar: macOS Keychain, Windows Credential Manager, or the Secret Service on
 * Linux (GNOME Keyring, KWallet). keytar is a native module that may fail to load (missing libsecret)
 * and whose calls fail without a session bus or an unlocked keyring: every failure surfaces as a
 * rejected promise with the reason, which `probeKeychain` reports.
 */
export function createKeytarKeychain(service = 'Sightline', options: KeytarKeychainOptions = {}): Keychain {
  const load = options.load ?? loadKeytar;
  let loading: Promise<KeytarApi> | undefined;
  const keytar = async (): Promise<KeytarApi> => {
    loading ??= load().catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`the keytar native module failed to load: ${reason}`);
    });
    return loading;
  };
  return {
    kind: 'os-keychain',
    get: async (account) => (await keytar()).getPassword(service, account),
    set: async (account, secret) => (await keytar()).setPassword(service, account, secret),
    delete: async (account) => (await keytar()).deletePassword(service, account),
  };
}
