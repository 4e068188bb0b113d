import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, errorStatus } from '../platform/errors.ts';

/** Maps every error to `{ code, message, details }` with the status from the one code table. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    const send = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
      reply.status(errorStatus[code]).send(details ? { code, message, details } : { code, message });

    if (err instanceof AppError) return send(err.code, err.message, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        path: `${err.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`.replace(/\.$/, ''),
        message: v.message ?? 'invalid',
        ...(v.params && 'issue' in v.params ? { code: (v.params.issue as { code?: string }).code } : {}),
      }));
      return send(
        'VALIDATION_FAILED',
        `invalid ${err.validationContext ?? 'request'}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
        { issues },
      );
    }
    const fe = err as FastifyError;
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send('MALFORMED_JSON', 'the request body is not valid JSON');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send('PAYLOAD_TOO_LARGE', 'the request body is too large');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
    }
    if (err instanceof SyntaxError && fe.statusCode === 400) return send('MALFORMED_JSON', 'the request body is not valid JSON');
    if (fe.validation) return send('VALIDATION_FAILED', err.message);
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return send('VALIDATION_FAILED', err.message, { fastifyCode: fe.code });
    }
    req.log.error({ err }, 'unhandled error');
    return send('INTERNAL', 'internal error');
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ code: 'ROUTE_NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` });
  });
}
