import type { auth } from '@linli/contracts';
import type { z } from 'zod';
import { createApi } from './api.ts';
import { forgetInvite, inviteParts } from './invite.ts';
import { type Area, areaKind, writeSession } from './session.ts';

type SmsCodeSent = z.infer<typeof auth.SmsCodeSent> & { devCode?: string };
type Session = z.infer<typeof auth.Session>;

/** Asks for a login code; the dev SMS provider answers the code itself (devCode). */
export function requestCode(area: Area, phone: string): Promise<SmsCodeSent> {
  return createApi(area).post<SmsCodeSent>('auth/sms-codes', { phone });
}

/**
 * Logs in as the area's kind of principal and stores the session. An invite code (the shop's link)
 * goes with it, with the browser's device id; the server records it if this login registers the resident.
 */
export async function logIn(area: Area, operator: string, phone: string, code: string, invite?: string | null): Promise<Session> {
  const extra = inviteParts(invite);
  const session = await createApi(area).post<Session>(
    'auth/sessions',
    { operator, phone, code, as: areaKind[area], ...extra.body },
    extra.headers,
  );
  if (invite) forgetInvite();
  writeSession(area, session);
  return session;
}
