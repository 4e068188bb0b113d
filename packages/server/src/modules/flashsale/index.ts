/**
 * Flash sales (秒杀): sessions at set times selling a quantity of one campaign line at a price, a
 * gate (Redis, or in process) deciding a crowd's attempts, the winners' orders the record of truth.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { setupFlashSales } from './flashsale.lifecycle.ts';
export { adminFlashSale, adminFlashSales, shopFlashSales } from './flashsale.queries.ts';
export { attemptFlashSale, cancelFlashSale, closeGate, createFlashSale, gateOf, reconcileFlashSale } from './flashsale.service.ts';
export type { FlashSaleRow, FlashSaleToCreate } from './flashsale.service.ts';
export { MemoryGate, RedisGate } from './flashsale.gate.ts';
