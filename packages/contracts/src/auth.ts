import { z } from 'zod';
import { Id, Phone, StaffRole, Timestamp } from './common.ts';

export const PrincipalKind = z.enum(['staff', 'resident', 'leader', 'driver', 'supplier']);
export type PrincipalKind = z.infer<typeof PrincipalKind>;

export const RequestSmsCode = z.strictObject({ phone: Phone });
export const SmsCodeSent = z.object({
  expiresInSeconds: z.number().int(),
  retryAfterSeconds: z.number().int(),
  devCode: z
    .string()
    .optional()
    .describe('the code itself, with the dev SMS provider only (demo and development); a real provider never echoes it'),
});

export const Login = z.strictObject({
  operator: z.string().min(1).max(64).describe("the operator's slug, e.g. 'linli-demo'"),
  phone: Phone,
  code: z.string().regex(/^[0-9]{6}$/, 'six digits'),
  as: PrincipalKind.describe("which of the phone owner's identities to log in as; residents are registered at first login"),
});

export const Principal = z.object({
  kind: PrincipalKind,
  id: Id,
  operatorId: Id,
  name: z.string(),
  phone: z.string(),
  roles: z.array(StaffRole),
});
export type Principal = z.infer<typeof Principal>;

export const Session = z.object({ token: z.string(), expiresAt: Timestamp, principal: Principal });
