import { z } from 'zod';

/** Integer fen (1/100 yuan). */
export const Fen = z.number().int().describe('amount in fen (1/100 yuan), an integer');
export const Id = z.string().min(1).max(64);
/** An integer a PostgreSQL `integer` column holds (a sort position, a count). */
export const Int32 = z.number().int().min(-2_147_483_648).max(2_147_483_647);
export const Phone = z
  .string()
  .regex(/^1[3-9][0-9]{9}$/, 'a mainland mobile number of 11 digits')
  .describe('mainland China mobile number, 11 digits');
/**
 * True for a day of the calendar written YYYY-MM-DD, years 0001 to 9999 with the Gregorian leap
 * years: `2024-02-29` is one, `2026-02-29`, `2026-02-30` and `2026-13-45` are not.
 */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);
}

/** A calendar date as YYYY-MM-DD: the format, and a day that exists (every date a route takes is one). */
export const DateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'a day of the calendar as YYYY-MM-DD (no 2026-02-30)');
export const Timestamp = z.string().datetime({ offset: true }).describe('ISO 8601 timestamp');
export const Latitude = z.number().min(-90).max(90);
export const Longitude = z.number().min(-180).max(180);
/** An uploaded image's path (POST /api/v1/uploads answers it). */
export const UploadPath = z.string().regex(/^\/api\/v1\/uploads\/upl_[0-9a-z]{26}$/, 'an upload path: /api/v1/uploads/<id>');
export const ImageUrl = z
  .union([z.url({ protocol: /^https?$/ }).max(2000), UploadPath])
  .describe('an absolute http(s) URL, or the path of an upload: /api/v1/uploads/<id>');

export const ErrorBody = z.object({
  code: z.string().describe('stable machine-readable error code'),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const PageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** A page of a server-side list. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  });
}

export const IdParams = z.strictObject({ id: Id });

export const StaffRole = z.enum(['admin', 'merchandiser', 'purchaser', 'warehouse', 'dispatcher', 'finance', 'support']);
export type StaffRole = z.infer<typeof StaffRole>;
export const TemperatureClass = z.enum(['ambient', 'chilled', 'frozen']);
