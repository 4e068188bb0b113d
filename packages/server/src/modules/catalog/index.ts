/**
 * Catalog: products and SKUs the campaigns sell.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { describeSkus } from './product.service.ts';
