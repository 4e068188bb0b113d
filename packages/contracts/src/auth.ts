import { z } from 'zod';
import { Id, Phone, StaffRole, Timestamp } from './common.ts';
import { InviteCode } from './invites.ts';

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
  invite: InviteCode.optional().describe(
    "the invite code of the link the resident came by: recorded when this login registers a resident (a phone new to the operator); an unknown code, or any other login, records nothing. Send the client's device id as X-Device-Id",
  ),
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

/** The audiences that log in with WeChat (网页授权); staff and suppliers log in by SMS only. */
export const WechatAudience = z.enum(['resident', 'leader', 'driver']);
export const WechatScope = z
  .enum(['snsapi_base', 'snsapi_userinfo'])
  .describe("'snsapi_base': silently, the openid only; 'snsapi_userinfo': the person agrees to share nickname and avatar");

export const StartWechatLogin = z.strictObject({
  operator: z.string().min(1).max(64).describe("the operator's slug; a logged-in person binding WeChat binds to their own"),
  as: WechatAudience,
  scope: WechatScope.default('snsapi_base'),
  returnTo: z
    .string()
    .max(512)
    .regex(/^\/(?![/\\])[^\s\\#]*$/, 'a path on this site, such as /shop/')
    .describe('where WeChat login comes back to on this site, with wechat_ticket & wechat_next, wechat=bound, or wechat_error=<code>'),
});

export const WechatAuthorizationStarted = z.object({
  url: z.string().describe("WeChat's authorize page: open it in WeChat's browser"),
  expiresAt: Timestamp,
});

export const WechatCallbackQuery = z.object({
  code: z.string().max(256).optional(),
  state: z.string().max(128).optional(),
});

export const RedeemWechatTicket = z.strictObject({
  ticket: z.string().min(16).max(128).describe('the one-time ticket the callback put in the return address (wechat_ticket)'),
  phone: Phone.optional().describe('with wechat_next=bind_phone: the phone to bind, proven by its SMS code (POST auth/sms-codes)'),
  code: z
    .string()
    .regex(/^[0-9]{6}$/, 'six digits')
    .optional(),
  invite: InviteCode.optional().describe('with wechat_next=bind_phone: the invite code of the link the resident came by (as at SMS login)'),
});

export const WechatBinding = z.object({
  available: z.boolean().describe('WeChat login is configured on this installation'),
  bound: z.boolean(),
  nickname: z.string().nullable(),
  avatarUrl: z.string().nullable(),
});
