import type { shop } from '@linli/contracts';
import type { z } from 'zod';
import type { PaymentIntentView } from './payment.service.ts';

/** The payment opened with an order, as the shop's answers carry it (checkout, a play's purchase). */
export function toIntentDto(intent: PaymentIntentView): z.infer<typeof shop.PaymentIntent> {
  const { clientPayload, ...rest } = intent;
  const devNotification = clientPayload.devNotification as z.infer<typeof shop.DevNotification> | undefined;
  const { h5Url, codeUrl, jsapi } = clientPayload as { h5Url?: string; codeUrl?: string; jsapi?: z.infer<typeof shop.JsapiPayRequest> };
  return {
    ...rest,
    orderStatus: rest.orderStatus as z.infer<typeof shop.OrderStatus>,
    ...(devNotification ? { devNotification } : {}),
    ...(h5Url ? { h5Url } : {}),
    ...(codeUrl ? { codeUrl } : {}),
    ...(jsapi ? { jsapi } : {}),
  };
}
