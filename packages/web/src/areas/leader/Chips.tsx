/** A row of filter chips that scrolls sideways on a phone; one is chosen. */
export function Chips<V extends string>({
  options,
  value,
  onChange,
  testid,
}: {
  options: { label: string; value: V }[];
  value: V;
  onChange: (value: V) => void;
  testid?: string;
}) {
  return (
    <div className="lx-chips" data-testid={testid}>
      {options.map((o) => (
        <button
          key={o.value || '_'}
          type="button"
          aria-pressed={o.value === value}
          className={o.value === value ? 'lx-chip lx-chip-on' : 'lx-chip'}
          onClick={() => onChange(o.value)}
          data-value={o.value}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
