import { type EventMap, eventRegistry } from '../platform/events.ts';
import { type AftersalesEvents, aftersalesEvents } from './aftersales/index.ts';
import { type CampaignEvents, campaignEvents } from './campaign/index.ts';
import { type InvitesEvents, invitesEvents } from './invites/index.ts';
import { type ApplicationEvents, applicationEvents } from './leader-applications/index.ts';
import { type LogisticsEvents, logisticsEvents } from './logistics/index.ts';
import { type OrderingEvents, orderingEvents } from './ordering/index.ts';
import { type PaymentEvents, paymentEvents } from './payment/index.ts';
import { type PickupEvents, pickupEvents } from './pickup/index.ts';
import { type ProcurementEvents, procurementEvents } from './procurement/index.ts';
import { type PromotionEvents, promotionEvents } from './promotions/index.ts';
import { type TeambuyEvents, teambuyEvents } from './teambuy/index.ts';

/**
 * The event registry: every event type with its payload schema, from the public faces of the
 * modules that emit them. The app gives it to the event dispatcher (subscribers get payloads
 * parsed by it) and, in tests, to `emit` (payloads are checked as they are written).
 * A module that starts emitting events adds its map here and to `EventSchemas` below.
 */
export const eventSchemas: EventMap = eventRegistry(
  aftersalesEvents,
  applicationEvents,
  campaignEvents,
  invitesEvents,
  logisticsEvents,
  orderingEvents,
  paymentEvents,
  pickupEvents,
  procurementEvents,
  promotionEvents,
  teambuyEvents,
);

// The same maps for the compiler: `emit` and `subscribe` take these types and payloads. Two
// modules declaring one type with different schemas fail to compile here.
declare module '../platform/events.ts' {
  interface EventSchemas
    extends AftersalesEvents,
      ApplicationEvents,
      CampaignEvents,
      InvitesEvents,
      LogisticsEvents,
      OrderingEvents,
      PaymentEvents,
      PickupEvents,
      ProcurementEvents,
      PromotionEvents,
      TeambuyEvents {}
}
