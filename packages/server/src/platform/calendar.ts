import { type RawBuilder, sql } from 'kysely';

/**
 * Business days: an operator's calendar date of an instant, and the SQL that cuts timestamps
 * into days in the operator's time zone (daylight saving included). Every module counts days
 * with these, so a day means the same on every screen and in every report.
 */

/** The calendar date ('YYYY-MM-DD') of an instant in a time zone, e.g. the operator's. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The wall-clock time ('YYYY-MM-DD HH:mm') of an instant in a time zone, as a resident reads it. */
export function localDateTime(at: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return `${localDate(at, timeZone)} ${time}`;
}

/** 'YYYY-MM-DD' plus whole days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The business day of a timestamp column, as SQL. */
export function businessDay(column: string, tz: string): RawBuilder<string> {
  return sql<string>`(${sql.ref(column)} at time zone ${tz})::date`;
}

/** The first instant of a business day in a time zone, as SQL. */
export function dayStart(date: string, tz: string): RawBuilder<Date> {
  return sql<Date>`(cast(${date} as date)::timestamp at time zone ${tz})`;
}

/** The first instant after a business day in the time zone, as SQL. */
export function dayEnd(date: string, tz: string): RawBuilder<Date> {
  return sql<Date>`((cast(${date} as date) + 1)::timestamp at time zone ${tz})`;
}

/** `column` falls on the business day, as SQL. */
export function onDay(column: string, day: string, tz: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(column)} >= ${dayStart(day, tz)} and ${sql.ref(column)} < ${dayEnd(day, tz)})`;
}
