import type { paymentSettings } from '@linli/contracts';
import type { z } from 'zod';

export type CredentialsState = z.infer<typeof paymentSettings.WechatPayCredentialsState>;
export type SetCredentials = z.infer<typeof paymentSettings.SetWechatPayCredentials>;
export type ConnectionTest = z.infer<typeof paymentSettings.WechatPayConnectionTest>;

/** The form's fields, in the order the screen shows them (the server names one in `details.field` when it refuses). */
export const FIELDS = ['mchid', 'appid', 'merchantSerial', 'publicKeyId', 'privateKeyPem', 'apiV3Key', 'publicKeyPem'] as const;
export type Field = (typeof FIELDS)[number];

export const SETTINGS_PATH = 'admin/payment-settings/wechatpay';
