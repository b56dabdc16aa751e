import packageJson from '../package.json' with { type: 'json' };
import type { Transport } from '../shared/contract';

/** What the composition root needs to know about where it runs. Filled in by each entry point. */
export interface RuntimeInfo {
  version: string;
  platform: string;
  arch: string;
  transport: Transport;
  electronVersion: string | null;
  browserModeReason: string | null;
}

export const APP_VERSION: string = packageJson.version;

export function browserRuntime(reason: string): RuntimeInfo {
  return {
    version: APP_VERSION,
    platform: process.platform,
    arch: process.arch,
    transport: 'browser',
    electronVersion: null,
    browserModeReason: reason,
  };
}
