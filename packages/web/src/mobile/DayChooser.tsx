import { useTranslation } from 'react-i18next';
import { businessToday } from '../common/format.ts';

/** A date (YYYY-MM-DD) a whole number of days later. */
function later(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The business day a phone screen shows: today and tomorrow one tap away, any other day from the
 * phone's own date picker (a native input: no picker code to download).
 */
export function DayChooser({
  value,
  onChange,
  'data-testid': testid = 'day',
}: {
  value: string;
  onChange: (date: string) => void;
  'data-testid'?: string;
}) {
  const { t } = useTranslation('common');
  const today = businessToday();
  const quick = [
    { id: 'today', date: today, label: t('day.today') },
    { id: 'tomorrow', date: later(today, 1), label: t('day.tomorrow') },
  ];
  return (
    <fieldset className="ll-day-chooser" aria-label={t('day.label')} data-testid={testid}>
      {quick.map((q) => (
        <button
          key={q.id}
          type="button"
          className={value === q.date ? 'll-day ll-day-on' : 'll-day'}
          aria-pressed={value === q.date}
          onClick={() => onChange(q.date)}
          data-testid={`${testid}-${q.id}`}
        >
          {q.label}
        </button>
      ))}
      <input
        type="date"
        className="ll-day-pick"
        aria-label={t('day.pick')}
        value={value}
        onChange={(e) => {
          if (e.target.value) onChange(e.target.value);
        }}
        data-testid={`${testid}-pick`}
      />
    </fieldset>
  );
}
