/**
 * The demo campaigns' words about time, written from the times actually set: a description says
 * `{cutoff}` and `{pickup}` where it names them, and the seed fills in the cutoff's day and hour
 * and the pickup day as the operator's clocks show them ("今晚23点截单，明天自提"), so the text
 * cannot promise a time the campaign does not keep.
 */
export interface CampaignTimes {
  now: Date;
  cutoff: Date;
  /** 'YYYY-MM-DD' in the operator's time zone. */
  pickupDate: string;
  timeZone: string;
}

/** The description with `{cutoff}` and `{pickup}` replaced by the campaign's own times, in Chinese. */
export function campaignText(template: string, times: CampaignTimes): string {
  return template.replaceAll('{cutoff}', cutoffWords(times)).replaceAll('{pickup}', pickupWords(times));
}

/** 今晚23点, 今天15点30分, 明天11点30分, 11月24日9点. */
export function cutoffWords({ now, cutoff, timeZone }: CampaignTimes): string {
  const { date, hour, minute } = wallClock(timeZone, cutoff);
  const days = daysBetween(wallClock(timeZone, now).date, date);
  const evening = hour >= 18;
  const day = days === 0 ? (evening ? '今晚' : '今天') : days === 1 ? (evening ? '明晚' : '明天') : monthDay(date);
  return `${day}${hour}点${minute === 0 ? '' : `${String(minute).padStart(2, '0')}分`}`;
}

/** 今天, 明天, 后天, or 11月24日. */
export function pickupWords({ now, pickupDate, timeZone }: CampaignTimes): string {
  const days = daysBetween(wallClock(timeZone, now).date, pickupDate);
  return ['今天', '明天', '后天'][days] ?? monthDay(pickupDate);
}

function wallClock(timeZone: string, at: Date): { date: string; hour: number; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), minute: Number(parts.minute) };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function monthDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
