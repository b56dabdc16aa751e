/**
 * The preload of the main window (bundled as CJS, runs sandboxed with context isolation).
 * Exposes the contract bridge, and nothing else, as `window.sightline`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../../shared/bridge';
import { createPreloadBridge } from './preload-bridge';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createPreloadBridge(ipcRenderer));
