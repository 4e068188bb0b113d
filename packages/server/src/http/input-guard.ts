import type { FastifyInstance } from 'fastify';
import { AppError } from '../platform/errors.ts';

/**
 * Rejects a NUL character anywhere in a request's input before any handler runs: PostgreSQL
 * cannot store it in text ("invalid byte sequence for encoding UTF8: 0x00") and no field of
 * linli has a use for it. The raw URL is checked on arrival (so the static files never see one
 * either), the decoded path parameters, query and JSON body before validation.
 */
export function installInputGuard(app: FastifyInstance): void {
  // Callback hooks, not async ones: this runs on every request, the checkout's included.
  app.addHook('onRequest', (req, _reply, done) => {
    done(req.url.includes('%00') || req.url.includes('\u0000') ? rejected('url', NUL) : undefined);
  });
  app.addHook('preValidation', (req, _reply, done) => {
    try {
      check('params', req.params);
      check('querystring', req.query);
      check('body', req.body);
      done();
    } catch (err) {
      done(err as AppError);
    }
  });
}

const NUL = 'a NUL character (\\u0000) is not allowed';
/** Deeper than any request linli takes; bounds the scan's recursion. */
const MAX_DEPTH = 32;

function rejected(where: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `invalid ${where}: ${message}`, { issues: [{ path: where, message }] });
}

/** Throws unless no string or key in the value (plain objects and arrays, walked) holds a NUL: a cheap scan, the bodies are small. */
function check(where: string, value: unknown, depth = 0): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw rejected(where, NUL);
    return;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return;
  if (depth > MAX_DEPTH) throw rejected(where, 'nested too deeply');
  if (Array.isArray(value)) {
    for (const item of value) check(where, item, depth + 1);
    return;
  }
  for (const key in value) {
    if (key.includes('\u0000')) throw rejected(where, NUL);
    check(where, (value as Record<string, unknown>)[key], depth + 1);
  }
}
