import { ErrorBody, IdParams, web } from '@linli/contracts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { AppError, found } from '../../platform/errors.ts';
import { IMAGE_TYPES, imageTypeOf } from './uploads.rules.ts';
import { readUpload, storeUpload } from './uploads.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 415: ErrorBody, 429: ErrorBody };

/**
 * Image uploads (after-sales evidence, product pictures): the raw image is the request body, with
 * its own size limit; the JSON body limit of every other route is unchanged. The image parser
 * exists only inside this plugin.
 */
export const uploadRoutes: RouteModule = (app, ctx) => {
  const limit = ctx.config.uploadMaxBytes;
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser([...IMAGE_TYPES], { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));

    scope.post(
      '/api/v1/uploads',
      {
        bodyLimit: limit,
        schema: {
          tags: ['uploads'],
          summary: 'Upload an image (the body is the JPEG, PNG or WebP file itself)',
          description: `Any logged-in person. At most ${limit} bytes. Answers the URL to use as an image URL.`,
          consumes: [...IMAGE_TYPES],
          response: { 201: web.Upload, ...errors },
        },
        // Refuse before reading the body: who is asking, what type, how large it says it is.
        onRequest: async (req) => {
          await principalOf(ctx, req);
          if (!imageTypeOf(req.headers['content-type'])) {
            throw new AppError('UNSUPPORTED_MEDIA_TYPE', `send the image itself as the body, as one of ${IMAGE_TYPES.join(', ')}`);
          }
          if (Number(req.headers['content-length'] ?? 0) > limit) {
            throw new AppError('PAYLOAD_TOO_LARGE', `an upload may have at most ${limit} bytes`);
          }
        },
      },
      async (req, reply) => {
        const type = imageTypeOf(req.headers['content-type']);
        if (!type || !Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the image itself as the body');
        return reply.status(201).send(await storeUpload(ctx, await principalOf(ctx, req), type, req.body));
      },
    );

    scope.get(
      '/api/v1/uploads/:id',
      {
        schema: {
          tags: ['uploads'],
          summary: 'An uploaded image (no login: its id is the secret)',
          description: 'The image bytes with their content type, cached for a year; 404 NOT_FOUND for an unknown id.',
          security: [],
          params: IdParams,
        },
      },
      async (req, reply) => {
        const upload = found(await readUpload(ctx.db, req.params.id), 'upload');
        return reply
          .header('content-type', upload.contentType)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('x-content-type-options', 'nosniff')
          .send(upload.data);
      },
    );
  });
};
