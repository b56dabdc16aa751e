import { useMemo, useState } from 'react';
import { formatCount, formatDay, NO_VALUE } from '../../format/format';
import { defaultDirection, sortFlagRows, type FlagRow, type FlagSortKey, type FlagSpan, type SortDirection } from './flag-rows';
import { TrendLine } from '../../components/TrendLine';

const COLUMNS: ReadonlyArray<{ key: FlagSortKey; label: string }> = [
  { key: 'key', label: 'Flag' },
  { key: 'evaluations', label: 'Evaluations' },
  { key: 'lastEvaluated', label: 'Last evaluated' },
];

function SortHeader(props: { column: FlagSortKey; label: string; sort: { key: FlagSortKey; direction: SortDirection }; onSort: (key: FlagSortKey) => void; className?: string }) {
  const active = props.sort.key === props.column;
  const ariaSort = active ? (props.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" aria-sort={ariaSort} className={props.className}>
      <button type="button" className="flags-table__sort" onClick={() => props.onSort(props.column)}>
        {props.label}
        <span aria-hidden="true" className="flags-table__arrow">
          {active ? (props.sort.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}

function lastEvaluatedText(row: FlagRow, span: FlagSpan, locale: string): string {
  if (row.lastEvaluated === null) return 'never in this range';
  if (row.lastEvaluated < span.from) return `never in this range (last ${formatDay(row.lastEvaluated, locale, 'short')})`;
  if (row.lastEvaluated === span.to) return 'today';
  return formatDay(row.lastEvaluated, locale, 'medium');
}

function activeText(row: FlagRow): string {
  if (row.active === null) return NO_VALUE;
  return row.active ? 'Active' : 'Disabled';
}

function FlagLine(props: { row: FlagRow; span: FlagSpan; locale: string }) {
  const { row, span, locale } = props;
  return (
    <tr data-testid="flag-row" data-key={row.key} data-stopped={row.stopped ? 'true' : undefined} data-in-list={row.inList === null ? undefined : String(row.inList)} className={row.stopped ? 'flag-row--stopped' : undefined}>
      <th scope="row">
        <div className="flags-table__flag">
          <code>{row.key}</code>
          {row.name !== null && row.name !== '' && <span className="flags-table__name">{row.name}</span>}
          {row.stopped && row.lastEvaluated !== null && (
            <span className="flag-badge flag-badge--stopped" data-testid="flag-stopped">
              stopped — last evaluated {formatDay(row.lastEvaluated, locale, 'short')}
            </span>
          )}
          {row.inList === false && (
            <span className="flag-badge flag-badge--missing" data-testid="flag-not-listed" title="Deleted in PostHog, or created after Sightline last fetched the flag list.">
              not in PostHog’s flag list
            </span>
          )}
        </div>
      </th>
      <td data-testid="flag-active">{activeText(row)}</td>
      <td className="flags-table__number" data-testid="flag-evaluations">
        {formatCount(row.evaluations, locale)}
      </td>
      <td className="flags-table__trend">
        <TrendLine values={row.daily.map((d) => d.value)} zeroBased />
      </td>
      <td data-testid="flag-last-evaluated">{lastEvaluatedText(row, span, locale)}</td>
    </tr>
  );
}

/**
 * The flags, most evaluated first (sortable by flag, evaluations or last evaluated). Sorting is done
 * with header buttons, so it works from the keyboard; the table scrolls in a focusable region.
 */
export function FlagTable(props: { rows: readonly FlagRow[]; span: FlagSpan; caption: string; locale: string }) {
  const [sort, setSort] = useState<{ key: FlagSortKey; direction: SortDirection }>({ key: 'evaluations', direction: 'desc' });
  const sorted = useMemo(() => sortFlagRows(props.rows, sort.key, sort.direction), [props.rows, sort]);
  const onSort = (key: FlagSortKey): void =>
    setSort((s) => (s.key === key ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: defaultDirection(key) }));
  const header = (key: FlagSortKey, className?: string) => {
    const column = COLUMNS.find((c) => c.key === key);
    return column === undefined ? null : <SortHeader column={key} label={column.label} sort={sort} onSort={onSort} className={className} />;
  };
  return (
    <div className="flags-table-wrap" role="region" aria-label="Feature flags" tabIndex={0}>
      <table className="table flags-table" data-testid="flags-table">
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {header('key')}
            <th scope="col">Active</th>
            {header('evaluations', 'flags-table__number')}
            <th scope="col">
              <span className="visually-hidden">Trend</span>
            </th>
            {header('lastEvaluated')}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <FlagLine key={row.key} row={row} span={props.span} locale={props.locale} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
