/** `npm start` (after the build): Electron if its binary is installed, else the browser host. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './launch';

// This file is bundled to dist/main/launcher.mjs.
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
await launch({ projectRoot });
