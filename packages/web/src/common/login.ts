import type { auth } from '@linli/contracts';
import type { z } from 'zod';
import { createApi } from './api.ts';
import { type Area, areaKind, writeSession } from './session.ts';

type SmsCodeSent = z.infer<typeof auth.SmsCodeSent> & { devCode?: string };
type Session = z.infer<typeof auth.Session>;

/** Asks for a login code; the dev SMS provider answers the code itself (devCode). */
export function requestCode(area: Area, phone: string): Promise<SmsCodeSent> {
  return createApi(area).post<SmsCodeSent>('auth/sms-codes', { phone });
}

/** Logs in as the area's kind of principal and stores the session. */
export async function logIn(area: Area, operator: string, phone: string, code: string): Promise<Session> {
  const session = await createApi(area).post<Session>('auth/sessions', { operator, phone, code, as: areaKind[area] });
  writeSession(area, session);
  return session;
}
