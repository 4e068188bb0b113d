import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppContext } from '../../context.ts';
import { ALL_TYPES } from './webhooks.rules.ts';
import { createEndpoint } from './webhooks.service.ts';
import type { EventMap } from '../../platform/events.ts';
import { verifySignature } from './webhooks.verify.ts';

/** A delivery as a local receiver got it. */
export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether its signature checked out with the endpoint's secret. */
  verified: boolean;
}

/** A receiver on this machine, registered as an endpoint of the operator. */
export interface LocalReceiver {
  url: string;
  endpointId: string;
  received: ReceivedDelivery[];
  /** How many deliveries arrived, of one event type or all. */
  count(type?: string): number;
  close(): Promise<void>;
}

const DESCRIPTION = 'local receiver';

/** Removes the operator's endpoints of earlier local receivers (their servers are gone), with their logs. */
export async function retireLocalReceivers(ctx: AppContext, operatorId: string): Promise<number> {
  const gone = await ctx.db
    .deleteFrom('webhook_endpoints')
    .where('operator_id', '=', operatorId)
    .where('description', '=', DESCRIPTION)
    .executeTakeFirst();
  return Number(gone.numDeletedRows);
}

/**
 * For the demo and development: an HTTP receiver on 127.0.0.1 (an ephemeral port) registered as
 * an endpoint of the operator taking `types` (default every type), which answers 204 and keeps
 * what it got. Development only: production refuses http and loopback URLs.
 */
export async function startLocalReceiver(
  ctx: AppContext,
  registry: EventMap,
  operatorId: string,
  types: string[] = [ALL_TYPES],
): Promise<LocalReceiver> {
  const received: ReceivedDelivery[] = [];
  let secret = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = req.headers['linli-signature'];
      received.push({ headers: req.headers, body, verified: typeof header === 'string' && verifySignature(secret, header, body) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/linli-webhooks`;
  const endpoint = await createEndpoint(ctx, registry, operatorId, { url, description: DESCRIPTION, eventTypes: types });
  secret = endpoint.secret;
  return {
    url,
    endpointId: endpoint.id,
    received,
    count: (type) => received.filter((r) => type === undefined || r.headers['linli-event-type'] === type).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
