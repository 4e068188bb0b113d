/** ¥12.34 from 1234 fen. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 12.34 from 1234 fen, for inputs and charts. */
export function fenToYuan(fen: number): number {
  return fen / 100;
}

/** 1234 fen from '12.34' (rounded to the fen); NaN when not a number. */
export function yuanToFen(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(value.trim());
  return Number.isFinite(n) ? Math.round(n * 100) : Number.NaN;
}

/** 138****1234: the first three and last four digits of a mobile number. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 11-22 09:30 in the browser's time zone. */
export function shortDateTime(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** 2026-11-22 09:30. */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The remaining time as h:mm:ss (or d + h:mm:ss); null once passed. */
export function countdown(untilIso: string, now: number): { days: number; text: string } | null {
  const ms = Date.parse(untilIso) - now;
  if (ms <= 0) return null;
  const s = Math.floor(ms / 1000);
  const days = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  return { days, text: `${pad(h)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}` };
}

/** Today's date (YYYY-MM-DD) in Asia/Shanghai, the operator's business time zone. */
export function businessToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

/** 1.2 km or 350 m. */
export function distance(meters: number): string {
  return meters >= 1000 ? `${(meters / 1000).toFixed(1)} km` : `${Math.round(meters)} m`;
}
