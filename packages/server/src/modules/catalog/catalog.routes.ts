import { ErrorBody, IdParams, PageQuery, admin } from '@linli/contracts';
import { requireAnyStaff, requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import {
  createCategory,
  createSupplier,
  getSupplier,
  listCategories,
  listSuppliers,
  updateCategory,
  updateSupplier,
} from './catalog.service.ts';
import { createProduct, createSku, getProduct, listProducts, updateProduct, updateSku } from './product.service.ts';

const tags = ['admin'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The operator's catalog: categories, suppliers, products and their SKUs (merchandisers). */
export const catalogRoutes: RouteModule = (app, ctx) => {
  const merchandiser = (req: Parameters<typeof requireStaff>[1]) => requireStaff(ctx, req, 'merchandiser');

  app.get(
    '/api/v1/admin/categories',
    { schema: { tags, summary: 'List categories', querystring: PageQuery, response: { 200: admin.CategoryPage, ...errors } } },
    async (req) => listCategories(ctx.db, (await merchandiser(req)).operatorId, req.query.page, req.query.pageSize),
  );
  app.post(
    '/api/v1/admin/categories',
    { schema: { tags, summary: 'Create a category', body: admin.CreateCategory, response: { 201: admin.Category, ...errors } } },
    async (req, reply) => reply.status(201).send(await createCategory(ctx, (await merchandiser(req)).operatorId, req.body)),
  );
  app.patch(
    '/api/v1/admin/categories/:id',
    {
      schema: {
        tags,
        summary: 'Rename, re-sort or move a category',
        params: IdParams,
        body: admin.UpdateCategory,
        response: { 200: admin.Category, ...errors },
      },
    },
    async (req) => updateCategory(ctx, (await merchandiser(req)).operatorId, req.params.id, req.body),
  );

  app.get(
    '/api/v1/admin/suppliers',
    { schema: { tags, summary: 'List suppliers', querystring: admin.SupplierListQuery, response: { 200: admin.SupplierPage, ...errors } } },
    async (req) => listSuppliers(ctx.db, (await requireAnyStaff(ctx, req)).operatorId, req.query),
  );
  app.get(
    '/api/v1/admin/suppliers/:id',
    { schema: { tags, summary: 'One supplier', params: IdParams, response: { 200: admin.Supplier, ...errors } } },
    async (req) => getSupplier(ctx.db, (await merchandiser(req)).operatorId, req.params.id),
  );
  app.post(
    '/api/v1/admin/suppliers',
    {
      schema: {
        tags,
        summary: 'Register a supplier (its phone is its login)',
        body: admin.CreateSupplier,
        response: { 201: admin.Supplier, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createSupplier(ctx, (await merchandiser(req)).operatorId, req.body)),
  );
  app.patch(
    '/api/v1/admin/suppliers/:id',
    {
      schema: {
        tags,
        summary: 'Edit or deactivate a supplier',
        params: IdParams,
        body: admin.UpdateSupplier,
        response: { 200: admin.Supplier, ...errors },
      },
    },
    async (req) => updateSupplier(ctx, (await merchandiser(req)).operatorId, req.params.id, req.body),
  );

  app.get(
    '/api/v1/admin/products',
    { schema: { tags, summary: 'List products', querystring: admin.ProductListQuery, response: { 200: admin.ProductPage, ...errors } } },
    async (req) => {
      const { active, ...filter } = req.query;
      return listProducts(ctx.db, (await merchandiser(req)).operatorId, {
        ...filter,
        active: active === undefined ? undefined : active === 'true',
      });
    },
  );
  app.get(
    '/api/v1/admin/products/:id',
    { schema: { tags, summary: 'One product with its SKUs', params: IdParams, response: { 200: admin.ProductWithSkus, ...errors } } },
    async (req) => getProduct(ctx.db, (await merchandiser(req)).operatorId, req.params.id),
  );
  app.post(
    '/api/v1/admin/products',
    { schema: { tags, summary: 'Create a product', body: admin.CreateProduct, response: { 201: admin.ProductWithSkus, ...errors } } },
    async (req, reply) => reply.status(201).send(await createProduct(ctx, (await merchandiser(req)).operatorId, req.body)),
  );
  app.patch(
    '/api/v1/admin/products/:id',
    {
      schema: {
        tags,
        summary: 'Edit a product',
        params: IdParams,
        body: admin.UpdateProduct,
        response: { 200: admin.ProductWithSkus, ...errors },
      },
    },
    async (req) => updateProduct(ctx, (await merchandiser(req)).operatorId, req.params.id, req.body),
  );
  app.post(
    '/api/v1/admin/products/:id/skus',
    {
      schema: { tags, summary: 'Add a SKU to a product', params: IdParams, body: admin.CreateSku, response: { 201: admin.Sku, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await createSku(ctx, (await merchandiser(req)).operatorId, req.params.id, req.body)),
  );
  app.patch(
    '/api/v1/admin/skus/:id',
    {
      schema: {
        tags,
        summary: 'Edit or deactivate a SKU',
        params: IdParams,
        body: admin.UpdateSku,
        response: { 200: admin.Sku, ...errors },
      },
    },
    async (req) => updateSku(ctx, (await merchandiser(req)).operatorId, req.params.id, req.body),
  );
};
