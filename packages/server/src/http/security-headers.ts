import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config.ts';
import type { AppContext } from '../context.ts';
import type { Server } from './server.ts';

/** Browsers that reached linli over https keep to https for a year. */
const HSTS = 'max-age=31536000';

/** The camera (pickup scan) and the position (nearby pickup points) on this origin only; nothing else. */
const PERMISSIONS = 'camera=(self), geolocation=(self), microphone=(), payment=(), usb=()';

/**
 * The `'sha256-…'` sources of the inline scripts in the built web app's HTML files (the shop's
 * early requests), so script-src needs no 'unsafe-inline'. Read at start: a rebuild needs a restart.
 */
export function inlineScriptHashes(webDir: string): string[] {
  if (!existsSync(webDir)) return [];
  const pages = readdirSync(webDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html') && !f.startsWith('assets'));
  const hashes = new Set<string>();
  for (const page of pages) {
    const html = readFileSync(join(webDir, page), 'utf8');
    for (const [, body] of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
      hashes.add(
        `'sha256-${createHash('sha256')
          .update(body ?? '')
          .digest('base64')}'`,
      );
    }
  }
  return [...hashes].sort();
}

/**
 * One policy for the screens, the API docs, labels and JSON answers. Styles may be inline (Ant
 * Design and antd-mobile write style attributes and <style> elements at run time); images may come
 * from https hosts (product pictures by URL, map tiles), data: and blob: (QR posters), and the map
 * tile server when it is plain http. No framing by anyone.
 */
export function contentSecurityPolicy(config: Pick<Config, 'webDir' | 'mapTileUrl'>): Record<string, string[]> {
  const tileOrigin = config.mapTileUrl ? new URL(config.mapTileUrl.replace(/\{[^}]*\}/g, '0')).origin : undefined;
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    'script-src': ["'self'", ...inlineScriptHashes(config.webDir)],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', 'https:', ...(tileOrigin?.startsWith('http:') ? [tileOrigin] : [])],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'media-src': ["'self'", 'blob:'],
  };
}

/**
 * The headers helmet sets for these options. The policy does not depend on the request (no
 * nonces), so helmet runs once at start and every answer gets the same values: helmet's
 * middleware per request cost about 25 µs, paid twice by every order.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/**
 * Security headers on every answer (helmet): the CSP above, Referrer-Policy no-referrer,
 * X-Content-Type-Options nosniff, X-Frame-Options DENY, Permissions-Policy. HSTS only when the
 * request came over https: its own TLS, or X-Forwarded-Proto from a proxy LINLI_TRUST_PROXY trusts
 * (Fastify's `request.protocol`); never on plain http, where it would be ignored or lock out a LAN
 * installation. upgrade-insecure-requests is left out for the same reason.
 */
export async function installSecurityHeaders(app: Server, ctx: AppContext): Promise<void> {
  const headers = {
    ...helmetHeaders({
      contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(ctx.config) },
      strictTransportSecurity: false,
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
    'permissions-policy': PERMISSIONS,
  };
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(headers);
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
    done();
  });
}
