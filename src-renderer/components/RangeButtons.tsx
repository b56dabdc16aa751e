/** A row of range buttons (7 d / 30 d / …), one pressed: the detail chart's and the flags table's. */
export function RangeButtons<Id extends string>(props: { ranges: ReadonlyArray<{ id: Id; label: string }>; value: Id; onChange: (id: Id) => void }) {
  return (
    <div className="segmented" role="group" aria-label="Range">
      {props.ranges.map((r) => (
        <button key={r.id} type="button" className="segmented__item" aria-pressed={r.id === props.value} onClick={() => props.onChange(r.id)}>
          {r.label}
        </button>
      ))}
    </div>
  );
}
