/**
 * Bargains (砍价): a resident starts a bargain on an offered campaign line, friends each cut a
 * CSPRNG-drawn amount (larger first) until the floor is reached exactly at the configured helper,
 * within the abuse limits; the starter buys once at the price then through checkout's play hook.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { bargainTotals, bargainView, offerResults } from './bargain.queries.ts';
export { buyBargain, createOffer, cutBargain, setOfferStatus, startBargain } from './bargain.service.ts';
