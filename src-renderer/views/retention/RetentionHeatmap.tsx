import type { CSSProperties } from 'react';
import { formatCount, formatDay, formatPercent } from '../../format/format';
import { offsetLabel, type RetentionCell, type RetentionModel, type RetentionRow } from './retention-table';

/** A cell's colour: the accent, as opaque as the share is high (the size column stays plain). */
function shade(share: number | null): CSSProperties | undefined {
  if (share === null) return undefined;
  const alpha = 0.08 + 0.82 * Math.min(1, Math.max(0, share));
  return { backgroundColor: `rgba(59, 91, 219, ${alpha.toFixed(3)})`, color: share >= 0.45 ? '#fff' : undefined };
}

function cellTitle(row: RetentionRow, cell: RetentionCell, model: RetentionModel, locale: string): string {
  const cohort = formatDay(row.cohort, locale, 'medium');
  if (cell.offset === 0) return `${formatCount(row.size, locale)} persons in the cohort of ${cohort}`;
  const when = `${offsetLabel(model.period, cell.offset).toLowerCase()} (from ${formatDay(cell.periodStart, locale, 'medium')})`;
  const share = cell.share === null ? '' : ` (${formatPercent(cell.share, locale)})`;
  return `${formatCount(cell.returned, locale)} of ${formatCount(row.size, locale)}${share} came back in ${when}${cell.partial ? ', so far: this period is not over' : ''}`;
}

/** The cohort table: one row per cohort, its size, and the share back in each later period, coloured by that share. */
export function RetentionHeatmap(props: { model: RetentionModel; locale: string }) {
  const { model, locale } = props;
  return (
    <div className="retention-table-wrap">
      <table className="retention-table" data-testid="retention-table">
        <thead>
          <tr>
            <th scope="col">Cohort</th>
            <th scope="col">Persons</th>
            {model.offsets.map((k) => (
              <th scope="col" key={k}>
                {offsetLabel(model.period, k)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.rows.map((row) => (
            <tr key={row.cohort} data-testid="retention-row" data-cohort={row.cohort} data-size={row.size}>
              <th scope="row">{formatDay(row.cohort, locale, 'medium')}</th>
              <td className="retention-table__size">{formatCount(row.size, locale)}</td>
              {model.offsets.map((k) => {
                const cell = row.cells[k];
                if (cell === undefined) return <td key={k} className="retention-cell retention-cell--future" aria-label="not reached yet" />;
                if (row.size === 0) {
                  return (
                    <td key={k} className="retention-cell retention-cell--empty" title={`Nobody in the cohort of ${formatDay(row.cohort, locale, 'medium')}`}>
                      {k === 0 ? '—' : ''}
                    </td>
                  );
                }
                return (
                  <td
                    key={k}
                    className={`retention-cell${cell.partial ? ' retention-cell--partial' : ''}`}
                    style={shade(cell.share)}
                    title={cellTitle(row, cell, model, locale)}
                    data-testid="retention-cell"
                    data-offset={k}
                    data-returned={cell.returned}
                  >
                    {cell.share === null ? '—' : formatPercent(cell.share, locale, 0)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small retention-table__legend">
        Blank: that {model.period} has not begun for the cohort. <em>Italic</em>: the {model.period} is under way, its share can still grow. Hover a cell for its counts.
      </p>
    </div>
  );
}
