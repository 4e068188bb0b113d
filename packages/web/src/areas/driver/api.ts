import type { TFunction } from 'i18next';
import i18n from 'i18next';
import { ApiError, createApi } from '../../common/api.ts';
import { errorText } from '../../common/i18n.ts';
import { clearSession } from '../../common/session.ts';

/** The driver area's API client (driver session). */
export const api = createApi('driver');

/** A failure as a message: the driver's own wording for codes that mean something particular here, else the shared one. */
export function driverErrorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && i18n.exists(`driver:errors.${err.code}`)) return t(`driver:errors.${err.code}`);
  return errorText(t, err);
}

/** Ends the session on the server (best effort) and forgets it here. */
export async function logout(): Promise<void> {
  await api.delete('auth/sessions/current').catch(() => undefined);
  clearSession('driver');
}
