/**
 * A keychain that never works, so the app picks its file keychain at once: these tests need no OS
 * keychain (or D-Bus session) to run.
 */
import type { Keychain } from '../../../src-main/vault/keychain';

const refuse = async (): Promise<never> => {
  throw new Error('no OS keychain in these tests');
};

export const FILE_KEYCHAIN_ONLY: Keychain = { kind: 'os-keychain', get: refuse, set: refuse, delete: refuse };
