import { ErrorBody, sms } from '@linli/contracts';
import { requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { maskPhone } from './identity.rules.ts';
import { listSmsLog } from './sms.log.ts';
import { applyAliyunReport, applyTencentStatus, receiptPath } from './sms.receipts.ts';
import { deleteSmsTemplate, getSmsSettings, putSmsTemplate } from './sms.settings.ts';

/** SMS: the vendors' delivery receipts, and the admin's templates and delivery log. */
export const smsRoutes: RouteModule = (app, ctx) => {
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
  app.post(
    receiptPath('aliyun'),
    {
      schema: {
        tags: ['sms'],
        summary: "Aliyun SMS delivery receipts (SmsReport push); the URL's token authenticates it",
        security: [],
        querystring: sms.ReceiptQuery,
        body: sms.AliyunSmsReport,
        response: { 200: sms.AliyunReceiptAnswer, ...errors },
      },
    },
    async (req) => {
      await applyAliyunReport(ctx, req.query.token, req.body);
      return { code: 0, msg: '成功' };
    },
  );
  app.post(
    receiptPath('tencent'),
    {
      schema: {
        tags: ['sms'],
        summary: "Tencent Cloud SMS status callbacks (delivery receipts); the URL's token authenticates it",
        security: [],
        querystring: sms.ReceiptQuery,
        body: sms.TencentSmsStatus,
        response: { 200: sms.TencentReceiptAnswer, ...errors },
      },
    },
    async (req) => {
      await applyTencentStatus(ctx, req.query.token, req.body);
      return { result: 0, errmsg: 'OK' };
    },
  );

  const admin = async (req: Parameters<typeof requireStaff>[1]) => (await requireStaff(ctx, req)).operatorId;
  app.get(
    '/api/v1/admin/sms/settings',
    {
      schema: {
        tags: ['sms'],
        summary:
          "The SMS vendor, the receipt callback URL to register there, and each kind's template (the operator's or the installation's)",
        response: { 200: sms.SmsSettings, ...errors },
      },
    },
    async (req) => getSmsSettings(ctx, await admin(req)),
  );
  app.put(
    '/api/v1/admin/sms/templates/:kind',
    {
      schema: {
        tags: ['sms'],
        summary: "Set the operator's template of a kind at the configured vendor (code, sign name, Tencent's parameter order)",
        params: sms.SmsKindParams,
        body: sms.PutSmsTemplate,
        response: { 200: sms.SmsSettings, 409: ErrorBody, ...errors },
      },
    },
    async (req) => putSmsTemplate(ctx, await admin(req), req.params.kind, req.body),
  );
  app.delete(
    '/api/v1/admin/sms/templates/:kind',
    {
      schema: {
        tags: ['sms'],
        summary: "Remove the operator's template of a kind: the installation default applies",
        params: sms.SmsKindParams,
        response: { 200: sms.SmsSettings, 409: ErrorBody, ...errors },
      },
    },
    async (req) => deleteSmsTemplate(ctx, await admin(req), req.params.kind),
  );
  app.get(
    '/api/v1/admin/sms/messages',
    {
      schema: {
        tags: ['sms'],
        summary: "The operator's SMS delivery log, newest first (phones masked)",
        querystring: sms.SmsMessageQuery,
        response: { 200: sms.SmsMessageList, ...errors },
      },
    },
    async (req) => {
      const rows = await listSmsLog(ctx.db, await admin(req), req.query);
      return {
        items: rows.map((r) => ({
          ...r,
          phone: maskPhone(r.phone),
          createdAt: r.createdAt.toISOString(),
          sentAt: r.sentAt?.toISOString() ?? null,
          reportedAt: r.reportedAt?.toISOString() ?? null,
        })),
      };
    },
  );
};
