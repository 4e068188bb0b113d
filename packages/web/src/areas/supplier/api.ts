import type { TFunction } from 'i18next';
import i18n from 'i18next';
import { ApiError, createApi } from '../../common/api.ts';
import { errorText } from '../../common/i18n.ts';
import { clearSession } from '../../common/session.ts';

/** The supplier area's API client (supplier session). */
export const api = createApi('supplier');

/** A failed confirmation as a message in the supplier's terms (already confirmed, more than ordered), else the shared message. */
export function confirmErrorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && i18n.exists(`supplier:confirmErrors.${err.code}`)) return t(`supplier:confirmErrors.${err.code}`);
  return errorText(t, err);
}

/** Ends the session on the server (best effort) and forgets it here. */
export async function logout(): Promise<void> {
  await api.delete('auth/sessions/current').catch(() => undefined);
  clearSession('supplier');
}
