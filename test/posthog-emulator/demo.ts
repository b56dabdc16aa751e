/**
 * `npm run demo`: the PostHog emulator on loopback with a seeded, live-looking project (its data
 * ends today), then Sightline — in Electron when its binary is present, otherwise in browser mode —
 * already connected to it. Bundled to dist/main/demo.mjs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stderrLog } from '../../src-main/app';
import { launch } from '../../src-main/launcher/launch';
import { openLicenseStore } from '../../src-main/license/license-store';
import { DEMO_SCALE_LICENSE } from '../support/license-test-key';
import { EMULATOR_KEYS, PROJECT_IDS, startDefaultEmulator } from './index';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const started = Date.now();
const emulator = await startDefaultEmulator({ now: Date.now(), regions: ['us', 'eu'], days: 120, targetDailyActive: 400 });
const us = emulator.region('us');
const project = us.project(PROJECT_IDS.usWeb).dataset;
// A fresh data folder: the demo never touches the connection of a real Sightline on this machine.
const dataDir = mkdtempSync(path.join(tmpdir(), 'sightline-demo-'));
// The demo runs on the Scale plan (auto-sync every 30 minutes), with a license signed by the demo key.
await (await openLicenseStore({ dir: dataDir, log: stderrLog })).install(DEMO_SCALE_LICENSE);

await launch({
  projectRoot,
  dataDir,
  preconnect: { host: us.url, apiKey: EMULATOR_KEYS.usFull, projectId: project.project.id },
  preface: [
    `PostHog emulator ready in ${((Date.now() - started) / 1000).toFixed(1)} s:`,
    `  US cloud  ${us.url}   (projects: ${us.state.projects.map((p) => `${p.id} ${p.dataset.project.name}`).join(', ')})`,
    `  EU cloud  ${emulator.region('eu').url}`,
    `  Demo personal API key (US): ${EMULATOR_KEYS.usFull}`,
    `  ${project.events.length.toLocaleString('en-US')} events from ${project.firstDay} to ${project.lastDay} (${project.project.timezone})`,
    `  Sightline's data for this demo: ${dataDir}`,
    '',
  ],
  onStop: () => emulator.close(),
});
