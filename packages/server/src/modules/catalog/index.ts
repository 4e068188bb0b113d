/**
 * Catalog: products and SKUs the campaigns sell.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { describeSkus } from './product.service.ts';
export { skuProductOf, skuProducts } from './sku-products.queries.ts';
export { supplierNames } from './supplier-names.queries.ts';
export { skusOnSale, skuSuppliers } from './sku-choices.queries.ts';
export type { SkuChoice } from './sku-choices.queries.ts';
export { supplierAccounts } from './supplier.accounts.ts';
export { hasCatalogSubject } from './catalog-subjects.queries.ts';
