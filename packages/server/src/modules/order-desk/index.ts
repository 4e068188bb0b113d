/**
 * Orders desk: staff find an order and act on it (refund a line, deliver again, move, resend the code); redeliveries.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { redeliveries } from './redelivery.queries.ts';
