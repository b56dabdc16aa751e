import { useId, useState } from 'react';
import { MAX_EVENT_NAME_LENGTH } from '../../../shared/metrics';
import type { ApiClient } from '../../api/client';
import { formatCount } from '../../format/format';
import { useEventDefinitions } from './useEventDefinitions';

/** An event name: typed freely, with PostHog's matching event names offered as suggestions while focused. */
export function EventNameField(props: { client: ApiClient; label: string; value: string; onChange: (value: string) => void; testId: string; locale: string; placeholder?: string }) {
  const [focused, setFocused] = useState(false);
  const found = useEventDefinitions(props.client, props.value, focused);
  const id = useId();
  const listId = useId();
  return (
    <label className="field" htmlFor={id}>
      <span>{props.label}</span>
      <input
        id={id}
        data-testid={props.testId}
        value={props.value}
        list={listId}
        maxLength={MAX_EVENT_NAME_LENGTH}
        autoComplete="off"
        placeholder={props.placeholder ?? 'An event name, e.g. signup'}
        onChange={(e) => props.onChange(e.target.value)}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
      />
      <datalist id={listId}>
        {found.results.map((d) => (
          <option key={d.name} value={d.name}>
            {d.volume30Day === null ? d.name : `${d.name} (${formatCount(d.volume30Day, props.locale)} in 30 days)`}
          </option>
        ))}
      </datalist>
    </label>
  );
}
