import { applyExtension, type DatasetExtension } from '../dataset/generator';
import type { Dataset } from '../dataset/types';
import type { HogQLEngine } from '../engine/types';

export interface EventDefinitionStats {
  name: string;
  /** Events of this name in the 30 days before the emulator's "now". */
  volume_30_day: number;
  /** UTC ms of the latest event of this name. */
  last_seen_at: number;
  first_seen_at: number;
}

/** One emulated project: its data, its HogQL engine, and the event-definition stats PostHog keeps. */
export class ProjectState {
  private stats: Map<string, EventDefinitionStats> | null = null;

  constructor(
    public dataset: Dataset,
    readonly engine: HogQLEngine,
    private readonly now: () => number,
  ) {}

  get id(): number {
    return this.dataset.project.id;
  }

  /** Late-arriving events and new days' traffic: into the engine and into the dataset the stats read. */
  async append(extension: DatasetExtension): Promise<void> {
    await this.engine.append(extension.events, extension.persons);
    this.dataset = applyExtension(this.dataset, extension);
    this.stats = null;
  }

  eventDefinitions(): EventDefinitionStats[] {
    if (this.stats === null) {
      const since = this.now() - 30 * 86_400_000;
      const stats = new Map<string, EventDefinitionStats>();
      for (const e of this.dataset.events) {
        let s = stats.get(e.event);
        if (s === undefined) {
          s = { name: e.event, volume_30_day: 0, last_seen_at: e.timestamp, first_seen_at: e.timestamp };
          stats.set(e.event, s);
        }
        if (e.timestamp >= since && e.timestamp <= this.now()) s.volume_30_day += 1;
        if (e.timestamp > s.last_seen_at) s.last_seen_at = e.timestamp;
        if (e.timestamp < s.first_seen_at) s.first_seen_at = e.timestamp;
      }
      this.stats = stats;
    }
    return [...this.stats.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
