import type { webhooks } from '@linli/contracts';
import type { z } from 'zod';

export type Endpoint = z.infer<typeof webhooks.WebhookEndpoint>;
export type CreatedEndpoint = z.infer<typeof webhooks.CreatedWebhookEndpoint>;
export type Delivery = z.infer<typeof webhooks.WebhookDelivery>;
export type DeliveryStatus = z.infer<typeof webhooks.DeliveryStatus>;
export type EventTypeList = z.infer<typeof webhooks.EventTypeList>;

export const statusColor: Record<DeliveryStatus, string> = { pending: 'gold', succeeded: 'green', failed: 'red' };
