import { createStore } from 'zustand/vanilla';
import type { AlertRule, AlertRuleInput, SnoozeDuration } from '../../shared/alerts/rule';
import type { AlertEvent, AlertRuleView } from '../../shared/alerts/status';
import type { AppError, ResponseOf } from '../../shared/contract';
import type { ApiClient } from '../api/client';

/** A ready-made rule as main offers it, saying whether a rule made from it exists. */
export type AlertTemplateView = ResponseOf<'alerts.templates'>[number];

/** What a change is doing (its button shows busy; its error shows next to it). */
export type AlertAction = 'save' | 'delete' | 'snooze' | 'enable';

export interface AlertsState {
  /** The rules with their states, as main last said (null until loaded). */
  rules: AlertRuleView[] | null;
  /** Every firing and resolution, newest first (null until loaded). */
  history: AlertEvent[] | null;
  templates: AlertTemplateView[] | null;
  /** Why rules, history or templates could not be loaded. */
  loadError: AppError | null;
  /** The change under way: what, and on which rule (null: a new rule or a template). */
  pending: { action: AlertAction; id: string | null } | null;
  /** The last failed change (cleared by the next one). */
  error: { action: AlertAction; id: string | null; error: AppError } | null;
  load(): Promise<void>;
  /** `alerts.changed`: the rules and states; the history and the templates may have moved too. */
  onChanged(rules: AlertRuleView[]): void;
  /** Loads now and follows `alerts.changed` and `tracking.changed` (templates). Returns the function that stops. */
  follow(): () => void;
  /** Creates (`id` null) or replaces a rule. Resolves to the saved rule, or null when main refused. */
  save(id: string | null, rule: AlertRuleInput): Promise<AlertRuleView | null>;
  remove(id: string): Promise<boolean>;
  snooze(id: string, duration: SnoozeDuration | null): Promise<boolean>;
  setEnabled(id: string, enabled: boolean): Promise<boolean>;
  clearError(): void;
}

/** A stored rule as the editor sends it back (what main adds — id, creation, snooze — left out). */
export function ruleInputOf(rule: AlertRule): AlertRuleInput {
  const { id: _id, createdAt: _createdAt, snoozedUntil: _snoozedUntil, ...input } = rule;
  return input;
}

/**
 * Alert rules, their history and the templates, as main reports them, and the changes made from
 * this window. A vanilla store built around its client, so tests give it a fake main.
 */
export function createAlertsStore(client: ApiClient) {
  return createStore<AlertsState>()((set, get) => {
    /** Bumped by every rules event and answer, so an older `alerts.rules` answer never overwrites a newer list. */
    let rulesVersion = 0;
    let historyAsked = 0;
    let templatesAsked = 0;

    const loadHistory = async (): Promise<void> => {
      const asked = (historyAsked += 1);
      const result = await client.call('alerts.history', {});
      if (asked !== historyAsked) return;
      if (result.ok) set({ history: result.data });
      else set({ loadError: result.error });
    };
    const loadTemplates = async (): Promise<void> => {
      const asked = (templatesAsked += 1);
      const result = await client.call('alerts.templates', {});
      if (asked !== templatesAsked) return;
      if (result.ok) set({ templates: result.data });
      else set({ loadError: result.error });
    };
    /** A rule main answered with (save, snooze), merged into the list. */
    const merge = (view: AlertRuleView): void => {
      rulesVersion += 1;
      set((s) => {
        const rules = s.rules ?? [];
        return { rules: rules.some((r) => r.rule.id === view.rule.id) ? rules.map((r) => (r.rule.id === view.rule.id ? view : r)) : [...rules, view] };
      });
    };
    const run = async <T>(action: AlertAction, id: string | null, call: () => Promise<{ ok: true; data: T } | { ok: false; error: AppError }>): Promise<T | null> => {
      set({ pending: { action, id }, error: null });
      const result = await call();
      set(result.ok ? { pending: null } : { pending: null, error: { action, id, error: result.error } });
      return result.ok ? result.data : null;
    };

    return {
      rules: null,
      history: null,
      templates: null,
      loadError: null,
      pending: null,
      error: null,
      load: async () => {
        const asked = rulesVersion;
        set({ loadError: null });
        const [rules] = await Promise.all([client.call('alerts.rules', {}), loadHistory(), loadTemplates()]);
        if (!rules.ok) set({ loadError: rules.error });
        else if (asked === rulesVersion) set({ rules: rules.data });
      },
      onChanged: (rules) => {
        rulesVersion += 1;
        set({ rules });
        void loadHistory();
        void loadTemplates();
      },
      follow: () => {
        const offs = [client.on('alerts.changed', (rules) => get().onChanged(rules)), client.on('tracking.changed', () => void loadTemplates())];
        void get().load();
        return () => offs.forEach((off) => off());
      },
      save: async (id, rule) => {
        const saved = await run('save', id, () => client.call('alerts.save', { id, rule }));
        if (saved !== null) {
          merge(saved);
          void loadTemplates();
        }
        return saved;
      },
      remove: async (id) => {
        const deleted = await run('delete', id, () => client.call('alerts.delete', { id }));
        if (deleted === null) return false;
        rulesVersion += 1;
        set((s) => ({ rules: (s.rules ?? []).filter((r) => r.rule.id !== id) }));
        void loadTemplates();
        return true;
      },
      snooze: async (id, duration) => {
        const view = await run('snooze', id, () => client.call('alerts.snooze', { id, duration }));
        if (view !== null) merge(view);
        return view !== null;
      },
      setEnabled: async (id, enabled) => {
        const current = get().rules?.find((r) => r.rule.id === id);
        if (current === undefined) {
          set({ error: { action: 'enable', id, error: { code: 'bad_request', message: 'This rule is no longer there.', hint: 'It may have been deleted in another window.' } } });
          return false;
        }
        const view = await run('enable', id, () => client.call('alerts.save', { id, rule: { ...ruleInputOf(current.rule), enabled } }));
        if (view !== null) merge(view);
        return view !== null;
      },
      clearError: () => set({ error: null }),
    };
  });
}

export type AlertsStore = ReturnType<typeof createAlertsStore>;
