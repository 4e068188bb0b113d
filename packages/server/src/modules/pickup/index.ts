/**
 * Pickup (自提): residents collect with a code, leaders verify, unpicked goods are swept; the pickup and after-sales rules.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { leaderPoints } from './pickup.queries.ts';
export { completePickupIfDone, verifyPickup } from './pickup.service.ts';
export { getSettings, updateSettings } from './pickup.settings.ts';
export { setupPickup } from './pickup.unpicked.ts';
export { remindAgain } from './pickup.notices.ts';
export { pickupEvents } from './pickup.events.ts';
export type { OrderUnpicked, PickupEvents, PickupVerified } from './pickup.events.ts';
export { pickedUpAt } from './pickup.queries.ts';
