import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, errorStatus } from '../platform/errors.ts';

/**
 * Fastify's `frameworkErrors`: a URL that does not decode (`%ff`, `%c0%af`, a lone `%`) or a path
 * parameter longer than the router takes is the client's mistake, answered in the one error shape.
 */
export function frameworkError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const code: ErrorCode = err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'VALIDATION_FAILED' : 'INTERNAL';
  const message = code === 'INTERNAL' ? 'internal error' : `invalid url: ${err.message}`;
  if (code === 'INTERNAL') reply.log.error({ err }, 'unhandled framework error');
  reply.status(errorStatus[code]).send({ code, message });
}

/** Maps every error to `{ code, message, details }` with the status from the one code table. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    const send = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
      reply.status(errorStatus[code]).send(details ? { code, message, details } : { code, message });

    if (err instanceof AppError) {
      // Limits and a full solver pool say when to come back, in the header too.
      const retryAfter = err.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
      return send(err.code, err.message, err.details);
    }
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
    // A value the schema let through but the database refuses (SQLSTATE class 22, data exception: a
    // number out of range, an impossible date, a NUL): still the client's input. Logged, since it
    // means a contract lacks a bound; the failing statement wrote nothing.
    const sqlState = (err as { code?: unknown }).code;
    if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) {
      req.log.warn({ err, url: req.url }, 'input refused by the database');
      return send('VALIDATION_FAILED', 'a value is out of range or not valid', { sqlState });
    }
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
