import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { type ZodTypeProvider, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import { installErrorHandling } from './errors.ts';

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
  { name: 'system', description: 'health' },
];

/** Builds the HTTP server: zod validation, OpenAPI at /api/docs, one error shape, the routes. */
export async function buildServer(ctx: AppContext, routes: RouteModule[]): Promise<Server> {
  const app = Fastify<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger>({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: ctx.config.bodyLimitBytes,
    // One line per request would dominate the log at group-buying volumes; errors are still logged.
    logController: new Fastify.LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

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
  return app;
}
