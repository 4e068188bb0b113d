import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { type ZodTypeProvider, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import { frameworkError, installErrorHandling } from './errors.ts';
import { installInputGuard } from './input-guard.ts';
import { installRateLimits } from './rate-limits.ts';
import { installSecurityHeaders } from './security-headers.ts';

export type Server = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
export type RouteModule = (app: Server, ctx: AppContext) => void;

const tags = [
  { name: 'auth', description: 'SMS-code login and sessions, for every audience' },
  { name: 'shop', description: 'residents: pickup point, campaigns, orders, payment' },
  { name: 'leader', description: 'group leaders: their pickup points and orders' },
  { name: 'admin', description: 'operator staff: catalog, campaigns, leaders, orders' },
  { name: 'payments', description: 'payment provider notifications' },
  { name: 'uploads', description: 'images uploaded by anyone logged in, served to anyone with their URL' },
  { name: 'web', description: 'what the web app reads before anyone logs in' },
  { name: 'system', description: 'health' },
];

/** Builds the HTTP server: zod validation, OpenAPI at /api/docs, one error shape, the routes. */
export async function buildServer(ctx: AppContext, routes: RouteModule[]): Promise<Server> {
  const app = Fastify<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger>({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: ctx.config.bodyLimitBytes,
    frameworkErrors: frameworkError,
    // Behind a reverse proxy: the client's IP (for limits) and https (for HSTS) come from its headers.
    trustProxy: ctx.config.trustProxy,
    // One line per request would dominate the log at group-buying volumes; errors are still logged.
    logController: new Fastify.LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installInputGuard(app);
  await installSecurityHeaders(app, ctx);
  await installRateLimits(app, ctx);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'linli API',
        description: 'linli (邻里) community group buying. Amounts are integer fen. Errors are `{ code, message, details }`.',
        version: '0.1.0',
      },
      tags,
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/health', { schema: { tags: ['system'], security: [] } }, async () => {
    await ctx.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return { status: 'ok', database: ctx.dbKind, time: ctx.clock.now().toISOString() };
  });

  for (const register of routes) register(app, ctx);
  await serveWebApp(app, ctx);
  return app;
}

/** The web app's areas: each is a single-page app with its own index.html in a folder of its name. */
const AREAS = ['shop', 'leader', 'driver', 'supplier', 'admin'];

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>linli</title></head>
<body><h1>linli</h1><p>The web app is not built. Run <code>npm run build:web</code> and restart the server.</p>
<p>The API works: <a href="/api/docs">/api/docs</a>.</p></body></html>
`;

/**
 * Serves the built web app from LINLI_WEB_DIR: files as they are (precompressed .br/.gz when the
 * client takes them), hashed /assets cached for good, everything else revalidated; a path of an
 * area that is not a file is that area's index.html (client-side routing). Unknown /api paths
 * stay JSON 404s. Without a build, / and the areas say how to make one.
 */
async function serveWebApp(app: Server, ctx: AppContext): Promise<void> {
  const root = resolve(ctx.config.webDir);
  if (!existsSync(join(root, 'index.html'))) {
    ctx.log.warn({ webDir: root }, 'the web app is not built (run npm run build:web); serving the API only');
    const notBuilt = (_req: FastifyRequest, reply: FastifyReply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT);
    for (const path of ['/', ...AREAS.flatMap((area) => [`/${area}`, `/${area}/*`])]) app.get(path, { schema: { hide: true } }, notBuilt);
    return;
  }
  const assets = join(root, 'assets') + sep;
  await app.register(fastifyStatic, {
    root,
    preCompressed: true,
    cacheControl: false,
    dotfiles: 'ignore',
    allowedPath: (path) => !path.startsWith('/api/'),
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  for (const area of AREAS) {
    const folder = join(root, area);
    const isFile = (rest: string) => {
      const path = resolve(folder, rest);
      return path.startsWith(folder + sep) && statSync(path, { throwIfNoEntry: false })?.isFile() === true;
    };
    const handler = (req: FastifyRequest<{ Params: { '*'?: string } }>, reply: FastifyReply) => {
      const rest = req.params['*'] ?? '';
      return reply.sendFile(rest && isFile(rest) ? `${area}/${rest}` : `${area}/index.html`);
    };
    app.get(`/${area}`, { schema: { hide: true } }, handler);
    app.get(`/${area}/*`, { schema: { hide: true } }, handler);
  }
}
