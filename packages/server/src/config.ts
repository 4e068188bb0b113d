import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A rate limit written as `<count>/<window>`, the window in s, m or h: `30/1h` is 30 per hour. */
export interface RateRule {
  max: number;
  windowMs: number;
}
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;
const rate = z
  .string()
  .regex(/^\d+\/\d+[smh]$/, 'a count per window such as 30/1h (window in s, m or h)')
  .transform((v): RateRule => {
    const [, max, n, unit] = /^(\d+)\/(\d+)([smh])$/.exec(v) as unknown as [string, string, string, keyof typeof UNIT_MS];
    return { max: Number(max), windowMs: Number(n) * UNIT_MS[unit] };
  })
  .refine((r) => r.max >= 1 && r.windowMs >= 1000, 'at least 1 request in a window of at least 1s');

/** The SMS providers: `dev` (development only) and the two vendors. */
export type SmsProviderName = 'dev' | 'aliyun' | 'tencent';

/** The kinds of SMS, as identity's `SmsKind` lists them (one vendor template each). */
export const SMS_KINDS = ['login_code', 'goods_arrived', 'pickup_reminder', 'refund_notice', 'postponement'] as const;

/** An installation default template of one kind: the vendor's template code/id and, for Tencent, the parameter order. */
export interface SmsTemplateDefault {
  templateCode: string;
  /** Tencent's templates take positional parameters: the kind's parameter names in the template's order. */
  paramNames: string[] | undefined;
}

/** An SMS vendor's settings (Aliyun SMS or Tencent Cloud SMS). */
export interface SmsVendorSettings {
  vendor: 'aliyun' | 'tencent';
  accessKeyId: string;
  accessKeySecret: string;
  /** The API host, e.g. https://dysmsapi.aliyuncs.com; the tests point it at a double. */
  baseUrl: string;
  region: string;
  /** Tencent's SmsSdkAppId; undefined for Aliyun. */
  sdkAppId: string | undefined;
  /** The installation's sign name (短信签名) where an operator set none. */
  signName: string | undefined;
  /** The installation's template per kind where an operator set none. */
  templates: Partial<Record<(typeof SMS_KINDS)[number], SmsTemplateDefault>>;
}

const SMS_TEMPLATE_VARIABLE = (kind: string) => `LINLI_SMS_TEMPLATE_${kind.toUpperCase()}`;
/** `<template code>` or `<template code>:<param>,<param>` (Tencent's parameter order). */
const smsTemplateValue = z
  .string()
  .regex(/^[\w-]{1,64}(:[a-z]\w{0,31}(,[a-z]\w{0,31})*)?$/, 'a template code, optionally followed by :param,param (the parameter order)');
const smsTemplateVariables = Object.fromEntries(SMS_KINDS.map((k) => [SMS_TEMPLATE_VARIABLE(k), smsTemplateValue.optional()])) as Record<
  `LINLI_SMS_TEMPLATE_${Uppercase<(typeof SMS_KINDS)[number]>}`,
  z.ZodOptional<typeof smsTemplateValue>
>;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LINLI_ENV: z.enum(['development', 'production']).optional(),
  HOST: z.string().optional(),
  DATABASE_URL: z.string().url().optional(),
  LINLI_DATA_DIR: z.string().default('./data'),
  LINLI_DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LINLI_DEMO_SEED: bool.default(true),
  LINLI_PAYMENT_TIMEOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  LINLI_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  LINLI_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(64 * 1024),
  LINLI_SMS_PROVIDER: z.enum(['dev', 'aliyun', 'tencent']).default('dev'),
  LINLI_SMS_ACCESS_KEY_ID: z
    .string()
    .regex(/^[\w.-]{4,128}$/, 'an access key id (letters, digits, _ . -)')
    .optional(),
  LINLI_SMS_ACCESS_KEY_SECRET: z.string().min(8).max(256).optional(),
  LINLI_SMS_ACCESS_KEY_SECRET_FILE: z.string().optional(),
  LINLI_SMS_BASE_URL: z.string().url().optional(),
  LINLI_SMS_REGION: z
    .string()
    .regex(/^[a-z]{2}-[a-z0-9-]+$/, 'a region such as ap-guangzhou or cn-hangzhou')
    .optional(),
  LINLI_SMS_SDK_APP_ID: z
    .string()
    .regex(/^\d{6,20}$/, "Tencent Cloud SMS's SdkAppId (digits)")
    .optional(),
  LINLI_SMS_SIGN_NAME: z.string().min(2).max(64).optional(),
  ...smsTemplateVariables,
  LINLI_PAYMENT_PROVIDER: z.enum(['dev', 'wechatpay']).default('dev'),
  LINLI_PUBLIC_URL: z.string().url().optional(),
  LINLI_WECHATPAY_MCHID: z
    .string()
    .regex(/^\d{8,12}$/, 'a merchant id: 8 to 12 digits')
    .optional(),
  LINLI_WECHATPAY_APPID: z
    .string()
    .regex(/^wx[0-9a-zA-Z]{16}$/, 'an app id such as wx1234567890abcdef')
    .optional(),
  LINLI_WECHATPAY_SERIAL: z
    .string()
    .regex(/^[0-9A-Fa-f]{8,64}$/, "the merchant API certificate's serial number (hex)")
    .optional(),
  LINLI_WECHATPAY_PRIVATE_KEY_FILE: z.string().optional(),
  LINLI_WECHATPAY_APIV3_KEY: z.string().length(32, 'the APIv3 key has 32 characters').optional(),
  LINLI_WECHATPAY_PUBLIC_KEY_ID: z
    .string()
    .regex(/^PUB_KEY_ID_\w+$/, 'a WeChat Pay public key id, PUB_KEY_ID_…')
    .optional(),
  LINLI_WECHATPAY_PUBLIC_KEY_FILE: z.string().optional(),
  LINLI_WECHATPAY_BASE_URL: z.string().url().default('https://api.mch.weixin.qq.com'),
  LINLI_PAYOUT_PROVIDER: z.enum(['dev', 'wechatpay']).default('dev'),
  LINLI_WECHATPAY_TRANSFER_SCENE_ID: z
    .string()
    .regex(/^\d{4,36}$/, 'a transfer scene id such as 1005 (佣金报酬)')
    .default('1005'),
  LINLI_WECHATPAY_TRANSFER_REPORT_INFOS: z
    .string()
    .regex(/^[^=;]{1,15}=[^=;]{1,32}(;[^=;]{1,15}=[^=;]{1,32})*$/, 'report infos as 类型=内容;类型=内容')
    .optional(),
  LINLI_WECHATPAY_TRANSFER_PERCEPTION: z.string().max(32).optional(),
  LINLI_WECHAT_APPID: z
    .string()
    .regex(/^wx[0-9a-zA-Z]{16}$/, 'an app id such as wx1234567890abcdef')
    .optional(),
  LINLI_WECHAT_APP_SECRET: z.string().min(16).max(64).optional(),
  LINLI_WECHAT_APP_SECRET_FILE: z.string().optional(),
  LINLI_WECHAT_OAUTH_BASE_URL: z.string().url().default('https://open.weixin.qq.com'),
  LINLI_WECHAT_API_BASE_URL: z.string().url().default('https://api.weixin.qq.com'),
  LINLI_WECHAT_NOTICE_TEMPLATES: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'JSON such as {"goods_arrived":{"templateId":"…","data":{"thing1":"point"}}}' });
        return z.NEVER;
      }
    })
    .pipe(
      z.partialRecord(
        z.enum(['goods_arrived', 'pickup_reminder', 'refund_notice', 'postponement']),
        z.strictObject({
          templateId: z.string().min(1).max(128),
          /** Template key → the notice's parameter that fills it (point, code, hours, amount, date) or a fixed text in quotes. */
          data: z.record(z.string().regex(/^[a-z_]+[0-9]*$/), z.string().min(1).max(64)),
        }),
      ),
    )
    .optional(),
  LINLI_JOB_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  LINLI_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  LINLI_WEB_DIR: z.string().default(fileURLToPath(new URL('../../web/dist', import.meta.url))),
  LINLI_WEB_OPERATOR: z.string().max(64).optional(),
  LINLI_MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, 'a tile URL template such as https://tile.openstreetmap.org/{z}/{x}/{y}.png')
    .optional(),
  REDIS_URL: z.string().url().optional(),
  LINLI_TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d+|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
      'true, false, a number of proxy hops, or proxy addresses/CIDRs separated by commas',
    )
    .default('false'),
  LINLI_RATE_LIMIT_SMS_PER_IP: rate.prefault('30/1h'),
  LINLI_RATE_LIMIT_SMS_GLOBAL: rate.prefault('1000/1h'),
  LINLI_RATE_LIMIT_LOGIN_PER_IP: rate.prefault('60/1h'),
  LINLI_RATE_LIMIT_EXPORTS: rate.prefault('20/1m'),
  LINLI_RATE_LIMIT_ROUTE_PLANS: rate.prefault('10/1m'),
  LINLI_SOLVER_THREADS: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(Math.max(1, Math.min(4, availableParallelism() - 1))),
  LINLI_SOLVER_QUEUE: z.coerce.number().int().min(0).max(100).default(4),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  /**
   * `development` allows the dev providers (codes answered to the client, payment without money);
   * `production` refuses to start with them.
   */
  env: 'development' | 'production';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolSize: number;
  logLevel: Env['LOG_LEVEL'];
  demoSeed: boolean;
  paymentTimeoutMinutes: number;
  sessionDays: number;
  bodyLimitBytes: number;
  smsProvider: SmsProviderName;
  /** The SMS vendor's settings when it is Aliyun or Tencent Cloud (the secret read at start). */
  smsVendor: SmsVendorSettings | undefined;
  paymentProvider: 'dev' | 'wechatpay';
  /** The address residents and providers reach this installation at (notification URLs are built on it). */
  publicUrl: string | undefined;
  /** WeChat Pay's merchant settings when it is the payment provider (keys as file paths). */
  wechatpay: WechatPaySettings | undefined;
  /** WeChat Pay's API host, for the installation's and every operator's own credentials. */
  wechatpayBaseUrl: string;
  /** Who pays leaders' withdrawals: `dev` (nothing moves) or `wechatpay` (商家转账 with the merchant above). */
  payoutProvider: 'dev' | 'wechatpay';
  /** The transfer scene and what it reports, when WeChat Pay pays withdrawals. */
  wechatTransfer: WechatTransferSettings | undefined;
  /** WeChat login (网页授权) of the official account, when configured; absent: SMS login only. */
  wechatLogin: WechatLoginSettings | undefined;
  /** The official account's template messages (模板消息) per notice kind; notices go by WeChat only for these. */
  wechatNoticeTemplates: WechatNoticeTemplates;
  jobPollMs: number;
  uploadMaxBytes: number;
  /** The built web app (index.html and one folder per area). */
  webDir: string;
  /** The operator the web app logs in to; absent: the only operator, if there is one. */
  webOperator: string | undefined;
  /** Map tiles for the web maps; absent: they draw on a plain canvas. */
  mapTileUrl: string | undefined;
  /** Where rate-limit counters live when set (shared by every process); absent: in the database. */
  redisUrl: string | undefined;
  /** Fastify's trustProxy: whose X-Forwarded-For/-Proto to believe (client IP for limits, https for HSTS). */
  trustProxy: boolean | string[] | ((address: string, hop: number) => boolean);
  rateLimits: {
    /** Login codes asked for from one client IP. */
    smsCodesPerIp: RateRule;
    /** Login codes asked for by everyone together. */
    smsCodesGlobal: RateRule;
    /** Login attempts (code submissions) from one client IP. */
    loginsPerIp: RateRule;
    /** Excel exports and printable labels, per logged-in person. */
    exports: RateRule;
    /** Route planning runs, per logged-in person. */
    routePlans: RateRule;
  };
  /** Route-planning solver runs at once (one worker thread each). */
  solverThreads: number;
  /** Planning requests that may wait for a solver; beyond that: 503 BUSY. */
  solverQueue: number;
}

export interface WechatPaySettings {
  mchid: string;
  appid: string;
  serialNo: string;
  privateKeyFile: string;
  apiV3Key: string;
  publicKeyId: string;
  publicKeyFile: string;
  baseUrl: string;
}

export interface WechatTransferSettings {
  /** The transfer scene (转账场景ID) the merchant platform granted; 1005 is 佣金报酬. */
  sceneId: string;
  /** The scene's report infos (转账场景报备信息), as its rules name them. */
  reportInfos: Array<{ type: string; content: string }>;
  /** What the payee is shown the money is (用户收款感知); absent: the scene's default. */
  perception: string | undefined;
}

/** Per notice kind: the template and how its keys are filled (a parameter's name, or "fixed text" in double quotes). */
export type WechatNoticeTemplates = Partial<
  Record<'goods_arrived' | 'pickup_reminder' | 'refund_notice' | 'postponement', { templateId: string; data: Record<string, string> }>
>;

export interface WechatLoginSettings {
  /** The official account's app id (公众号 AppID). */
  appid: string;
  appSecret: string;
  /** https://open.weixin.qq.com (the authorize page), or a double's address. */
  oauthBaseUrl: string;
  /** https://api.weixin.qq.com (code exchange, userinfo), or a double's address. */
  apiBaseUrl: string;
}

/** A configuration the server will not run with; its message is meant to be printed as it is. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; a bad value stops the start with a clear message. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // An embedded database means someone trying linli on their machine; a PostgreSQL server means
  // an installation, which must say so to get the dev providers.
  const appEnv = e.LINLI_ENV ?? (e.DATABASE_URL ? 'production' : 'development');
  return {
    env: appEnv,
    port: e.PORT,
    // In development only this machine reaches the server: dev logins must not be open to the LAN.
    host: e.HOST ?? (appEnv === 'development' ? '127.0.0.1' : '0.0.0.0'),
    databaseUrl: e.DATABASE_URL,
    dataDir: e.LINLI_DATA_DIR,
    dbPoolSize: e.LINLI_DB_POOL_SIZE,
    logLevel: e.LOG_LEVEL,
    demoSeed: e.LINLI_DEMO_SEED,
    paymentTimeoutMinutes: e.LINLI_PAYMENT_TIMEOUT_MINUTES,
    sessionDays: e.LINLI_SESSION_DAYS,
    bodyLimitBytes: e.LINLI_BODY_LIMIT_BYTES,
    smsProvider: e.LINLI_SMS_PROVIDER,
    smsVendor: e.LINLI_SMS_PROVIDER === 'dev' ? undefined : smsVendorSettings(e, e.LINLI_SMS_PROVIDER, env),
    paymentProvider: e.LINLI_PAYMENT_PROVIDER,
    publicUrl: e.LINLI_PUBLIC_URL?.replace(/\/+$/, ''),
    wechatpay: e.LINLI_PAYMENT_PROVIDER === 'wechatpay' ? wechatpaySettings(e, appEnv) : undefined,
    wechatpayBaseUrl: e.LINLI_WECHATPAY_BASE_URL,
    payoutProvider: e.LINLI_PAYOUT_PROVIDER,
    wechatTransfer: e.LINLI_PAYOUT_PROVIDER === 'wechatpay' ? wechatTransferSettings(e) : undefined,
    wechatLogin: wechatLoginSettings(e),
    wechatNoticeTemplates: noticeTemplates(e),
    jobPollMs: e.LINLI_JOB_POLL_MS,
    uploadMaxBytes: e.LINLI_UPLOAD_MAX_BYTES,
    webDir: resolve(e.LINLI_WEB_DIR),
    webOperator: e.LINLI_WEB_OPERATOR,
    mapTileUrl: e.LINLI_MAP_TILE_URL,
    redisUrl: e.REDIS_URL,
    trustProxy: trustProxyOf(e.LINLI_TRUST_PROXY),
    rateLimits: {
      smsCodesPerIp: e.LINLI_RATE_LIMIT_SMS_PER_IP,
      smsCodesGlobal: e.LINLI_RATE_LIMIT_SMS_GLOBAL,
      loginsPerIp: e.LINLI_RATE_LIMIT_LOGIN_PER_IP,
      exports: e.LINLI_RATE_LIMIT_EXPORTS,
      routePlans: e.LINLI_RATE_LIMIT_ROUTE_PLANS,
    },
    solverThreads: e.LINLI_SOLVER_THREADS,
    solverQueue: e.LINLI_SOLVER_QUEUE,
  };
}

/**
 * Refuses to serve in production with a provider that is only safe on a developer's machine: one
 * line saying which and why. The start calls it before opening the database.
 */
export function assertSafeToServe(config: Pick<Config, 'env' | 'smsProvider' | 'paymentProvider' | 'payoutProvider'>): void {
  if (config.env !== 'production') return;
  const reasons: string[] = [];
  if (config.smsProvider === 'dev') reasons.push('LINLI_SMS_PROVIDER=dev lets anyone log in as anyone');
  if (config.paymentProvider === 'dev') reasons.push('LINLI_PAYMENT_PROVIDER=dev marks orders paid without money');
  if (config.payoutProvider === 'dev') reasons.push("LINLI_PAYOUT_PROVIDER=dev marks leaders' withdrawals paid without money");
  if (reasons.length === 0) return;
  const fix = reasons.length > 1 ? 'set real providers' : 'set a real provider';
  throw new ConfigError(`refusing to start in production: ${reasons.join('; ')} (${fix}, or LINLI_ENV=development)`);
}

const WECHATPAY_REQUIRED = [
  'LINLI_PUBLIC_URL',
  'LINLI_WECHATPAY_MCHID',
  'LINLI_WECHATPAY_APPID',
  'LINLI_WECHATPAY_SERIAL',
  'LINLI_WECHATPAY_PRIVATE_KEY_FILE',
  'LINLI_WECHATPAY_APIV3_KEY',
  'LINLI_WECHATPAY_PUBLIC_KEY_ID',
  'LINLI_WECHATPAY_PUBLIC_KEY_FILE',
] as const;

/**
 * WeChat Pay needs an https address for its notifications outside development, and the
 * installation's merchant settings either all or none: with none, only operators that set their
 * own credentials (the payment settings screen) take WeChat Pay.
 */
function wechatpaySettings(e: Env, appEnv: 'development' | 'production'): WechatPaySettings | undefined {
  const given = WECHATPAY_REQUIRED.filter((name) => name !== 'LINLI_PUBLIC_URL' && e[name] !== undefined);
  const missing = WECHATPAY_REQUIRED.filter((name) => e[name] === undefined && (given.length > 0 || name === 'LINLI_PUBLIC_URL'));
  if (missing.length > 0) throw new ConfigError(`LINLI_PAYMENT_PROVIDER=wechatpay needs ${missing.join(', ')}`);
  if (appEnv === 'production' && !e.LINLI_PUBLIC_URL?.startsWith('https://')) {
    throw new ConfigError('LINLI_PUBLIC_URL must be an https address: WeChat Pay sends notifications only to https');
  }
  if (given.length === 0) return undefined;
  return {
    mchid: e.LINLI_WECHATPAY_MCHID as string,
    appid: e.LINLI_WECHATPAY_APPID as string,
    serialNo: (e.LINLI_WECHATPAY_SERIAL as string).toUpperCase(),
    privateKeyFile: e.LINLI_WECHATPAY_PRIVATE_KEY_FILE as string,
    apiV3Key: e.LINLI_WECHATPAY_APIV3_KEY as string,
    publicKeyId: e.LINLI_WECHATPAY_PUBLIC_KEY_ID as string,
    publicKeyFile: e.LINLI_WECHATPAY_PUBLIC_KEY_FILE as string,
    baseUrl: e.LINLI_WECHATPAY_BASE_URL,
  };
}

/** Scene 1005 (佣金报酬) must report the payee's job and what the pay is for. */
const DEFAULT_REPORT_INFOS: Record<string, string> = { '1005': '岗位类型=社区团长;报酬说明=团购佣金提现' };

/** WeChat Pay pays withdrawals with the payment settings' merchant and app id, in a scene whose report infos are known. */
function wechatTransferSettings(e: Env): WechatTransferSettings {
  // Transfers go from the installation's merchant: operators' own merchants (payment settings) do not pay out.
  if (e.LINLI_PAYMENT_PROVIDER !== 'wechatpay' || e.LINLI_WECHATPAY_MCHID === undefined) {
    throw new ConfigError('LINLI_PAYOUT_PROVIDER=wechatpay needs LINLI_PAYMENT_PROVIDER=wechatpay and its LINLI_WECHATPAY_* settings');
  }
  const infos = e.LINLI_WECHATPAY_TRANSFER_REPORT_INFOS ?? DEFAULT_REPORT_INFOS[e.LINLI_WECHATPAY_TRANSFER_SCENE_ID];
  if (!infos) {
    throw new ConfigError(
      `LINLI_WECHATPAY_TRANSFER_SCENE_ID=${e.LINLI_WECHATPAY_TRANSFER_SCENE_ID} needs LINLI_WECHATPAY_TRANSFER_REPORT_INFOS (类型=内容;…, as the scene's rules say)`,
    );
  }
  return {
    sceneId: e.LINLI_WECHATPAY_TRANSFER_SCENE_ID,
    reportInfos: infos.split(';').map((pair) => {
      const [type = '', content = ''] = pair.split('=');
      return { type: type.trim(), content: content.trim() };
    }),
    perception: e.LINLI_WECHATPAY_TRANSFER_PERCEPTION,
  };
}

/**
 * WeChat login is on when an app id is set: it then needs the app secret (given, or read from a
 * file once here) and LINLI_PUBLIC_URL, which WeChat redirects back to.
 */
function wechatLoginSettings(e: Env): WechatLoginSettings | undefined {
  if (e.LINLI_WECHAT_APPID === undefined) {
    if (e.LINLI_WECHAT_APP_SECRET !== undefined || e.LINLI_WECHAT_APP_SECRET_FILE !== undefined) {
      throw new ConfigError('LINLI_WECHAT_APP_SECRET needs LINLI_WECHAT_APPID');
    }
    return undefined;
  }
  let appSecret = e.LINLI_WECHAT_APP_SECRET;
  if (appSecret === undefined && e.LINLI_WECHAT_APP_SECRET_FILE !== undefined) {
    try {
      appSecret = readFileSync(e.LINLI_WECHAT_APP_SECRET_FILE, 'utf8').trim();
    } catch (err) {
      throw new ConfigError(
        `LINLI_WECHAT_APP_SECRET_FILE: cannot read ${e.LINLI_WECHAT_APP_SECRET_FILE} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  if (!appSecret) throw new ConfigError('LINLI_WECHAT_APPID needs LINLI_WECHAT_APP_SECRET or LINLI_WECHAT_APP_SECRET_FILE');
  if (e.LINLI_PUBLIC_URL === undefined) throw new ConfigError('LINLI_WECHAT_APPID needs LINLI_PUBLIC_URL: WeChat redirects back to it');
  return {
    appid: e.LINLI_WECHAT_APPID,
    appSecret,
    oauthBaseUrl: e.LINLI_WECHAT_OAUTH_BASE_URL.replace(/\/+$/, ''),
    apiBaseUrl: e.LINLI_WECHAT_API_BASE_URL.replace(/\/+$/, ''),
  };
}

/** Template messages need the official account (LINLI_WECHAT_APPID and its secret). */
function noticeTemplates(e: Env): WechatNoticeTemplates {
  if (e.LINLI_WECHAT_NOTICE_TEMPLATES === undefined) return {};
  if (e.LINLI_WECHAT_APPID === undefined)
    throw new ConfigError('LINLI_WECHAT_NOTICE_TEMPLATES needs LINLI_WECHAT_APPID (the official account sends them)');
  return e.LINLI_WECHAT_NOTICE_TEMPLATES;
}

function trustProxyOf(value: string): Config['trustProxy'] {
  if (value === 'true' || value === 'false') return value === 'true';
  const hops = /^\d+$/.test(value) ? Number(value) : undefined;
  // A number: believe that many proxies in front of linli, the nearest first.
  if (hops !== undefined) return (_address: string, hop: number) => hop < hops;
  return value.split(',');
}

const SMS_VENDOR_DEFAULTS = {
  aliyun: { baseUrl: 'https://dysmsapi.aliyuncs.com', region: 'cn-hangzhou' },
  tencent: { baseUrl: 'https://sms.tencentcloudapi.com', region: 'ap-guangzhou' },
} as const;

/** A real SMS vendor needs its access key (the secret by variable or file) and, for Tencent, the SDK app id. */
function smsVendorSettings(e: Env, vendor: 'aliyun' | 'tencent', raw: Record<string, string | undefined>): SmsVendorSettings {
  const missing: string[] = [];
  if (!e.LINLI_SMS_ACCESS_KEY_ID) missing.push('LINLI_SMS_ACCESS_KEY_ID');
  if (!e.LINLI_SMS_ACCESS_KEY_SECRET && !e.LINLI_SMS_ACCESS_KEY_SECRET_FILE) missing.push('LINLI_SMS_ACCESS_KEY_SECRET (or …_FILE)');
  if (vendor === 'tencent' && !e.LINLI_SMS_SDK_APP_ID) missing.push('LINLI_SMS_SDK_APP_ID');
  if (missing.length > 0) throw new ConfigError(`LINLI_SMS_PROVIDER=${vendor} needs ${missing.join(', ')}`);
  let secret = e.LINLI_SMS_ACCESS_KEY_SECRET;
  if (!secret) {
    const file = e.LINLI_SMS_ACCESS_KEY_SECRET_FILE as string;
    try {
      secret = readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new ConfigError(`LINLI_SMS_ACCESS_KEY_SECRET_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (secret.length < 8) throw new ConfigError(`LINLI_SMS_ACCESS_KEY_SECRET_FILE: ${file} holds no access key secret`);
  }
  const templates: SmsVendorSettings['templates'] = {};
  for (const kind of SMS_KINDS) {
    const value = raw[SMS_TEMPLATE_VARIABLE(kind)];
    if (!value) continue;
    const [templateCode, params] = value.split(':') as [string, string | undefined];
    templates[kind] = { templateCode, paramNames: params?.split(',') };
  }
  return {
    vendor,
    accessKeyId: e.LINLI_SMS_ACCESS_KEY_ID as string,
    accessKeySecret: secret,
    baseUrl: (e.LINLI_SMS_BASE_URL ?? SMS_VENDOR_DEFAULTS[vendor].baseUrl).replace(/\/+$/, ''),
    region: e.LINLI_SMS_REGION ?? SMS_VENDOR_DEFAULTS[vendor].region,
    sdkAppId: e.LINLI_SMS_SDK_APP_ID,
    signName: e.LINLI_SMS_SIGN_NAME,
    templates,
  };
}
