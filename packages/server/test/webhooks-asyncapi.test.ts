import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eventSchemas } from '../src/modules/events.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the AsyncAPI document of the webhooks', () => {
  it('is public and lists every event type with its envelope, typed data and signature headers', async () => {
    const res = await t.request('GET', '/api/v1/webhooks/asyncapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.asyncapi).toBe('3.0.0');
    const types = Object.keys(eventSchemas).sort();
    expect(Object.keys(doc.channels)).toEqual(types);
    expect(Object.keys(doc.operations)).toEqual(types.map((type) => `${type}.deliver`));
    for (const type of types) {
      const message = doc.components.messages[type];
      expect(message.payload.required).toEqual(['id', 'type', 'createdAt', 'operatorId', 'data']);
      expect(message.payload.properties.type.const).toBe(type);
      expect(message.headers.required).toContain('Linli-Signature');
      // The data is what every emit of the type is checked against.
      expect(message.payload.properties.data).toEqual(
        JSON.parse(
          JSON.stringify(z.toJSONSchema(eventSchemas[type] as z.ZodType, { io: 'output', unrepresentable: 'any', target: 'draft-7' })),
        ),
      );
      expect(doc.channels[type].messages[type].$ref).toBe(`#/components/messages/${type}`);
      expect(doc.operations[`${type}.deliver`]).toMatchObject({ action: 'send', channel: { $ref: `#/channels/${type}` } });
    }
    expect(doc.components.messages['order.refunded'].payload.properties.data.required).toEqual(
      expect.arrayContaining(['orderId', 'refundId', 'amountFen']),
    );
  });

  it('is listed in the OpenAPI document', async () => {
    const openapi = await t.request('GET', '/api/docs/json');
    expect(Object.keys(openapi.body.paths)).toContain('/api/v1/webhooks/asyncapi.json');
  });
});
