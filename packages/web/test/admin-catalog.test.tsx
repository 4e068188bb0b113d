import { admin } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import CatalogPage from '../src/areas/admin/catalog/CatalogPage.tsx';
import { yuanRule } from '../src/areas/admin/catalog/money.ts';
import { skuBody } from '../src/areas/admin/catalog/SkuForm.tsx';

const at = '2026-11-22T01:00:00.000Z';
const categories = admin.CategoryPage.parse(
  pageOf([
    { id: 'cat_fruit', name: '水果', parentId: null, sort: 0, createdAt: at },
    { id: 'cat_citrus', name: '柑橘', parentId: 'cat_fruit', sort: 0, createdAt: at },
  ]),
);
const supplier = admin.Supplier.parse({
  id: 'sup_1',
  name: '湘江果蔬合作社',
  contactName: '彭',
  phone: '13500000001',
  active: true,
  createdAt: at,
});
const product = admin.Product.parse({
  id: 'prd_1',
  categoryId: 'cat_citrus',
  supplierId: 'sup_1',
  name: '麻阳冰糖橙',
  description: '',
  images: ['/api/v1/uploads/upl_0123456789abcdefghjkmnpqrs'],
  temperatureClass: 'ambient',
  shelfLifeDays: 20,
  active: true,
  createdAt: at,
  updatedAt: at,
});
const routes = {
  'GET admin/categories': () => categories,
  'GET admin/suppliers': () => admin.SupplierPage.parse(pageOf([supplier])),
  'GET admin/suppliers/sup_1': () => supplier,
  'GET admin/products': () => admin.ProductPage.parse(pageOf([product])),
};

/** The input element of a field, whether the test id sits on the input or on its wrapper. */
const inputOf = (testId: string) => {
  const el = screen.getByTestId(testId);
  return el.tagName === 'INPUT' ? el : el.querySelector('input')!;
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('admin catalog', () => {
  it('sends SKU prices typed in yuan as whole fen, an empty barcode as null', () => {
    const body = skuBody({ spec: ' 5 斤装 ', unit: '箱', barcode: '  ', costYuan: 19.9, listYuan: 39.99, weightG: 2500, volumeMl: 0 });
    expect(admin.CreateSku.parse(body)).toEqual({
      spec: '5 斤装',
      unit: '箱',
      barcode: null,
      images: [],
      costPriceFen: 1990,
      listPriceFen: 3999,
      weightG: 2500,
      volumeMl: 0,
    });
  });

  it('checks a yuan amount against the fen schema and tells its limit in yuan', async () => {
    const t = i18n.getFixedT('zh-CN');
    const rule = yuanRule(admin.CreateSku.shape.listPriceFen, t);
    await expect(rule.validator(null, 12.5)).resolves.toBeUndefined();
    await expect(rule.validator(null, 0)).rejects.toThrow('不能小于 0.01');
    await expect(rule.validator(null, undefined)).rejects.toThrow('必填');
    await expect(yuanRule(admin.CreateSku.shape.costPriceFen, t).validator(null, -1)).rejects.toThrow('不能小于 0');
  });

  it('lists products with their category, supplier and thumbnail, filtering on the server', async () => {
    const calls = stubApi(routes);
    renderSection('catalog', <CatalogPage />, '/catalog/products');
    const row = (await screen.findAllByTestId('product-row'))[0]!;
    expect(within(row).getByText('麻阳冰糖橙')).toBeTruthy();
    await waitFor(() => expect(within(row).getByText('柑橘')).toBeTruthy());
    await waitFor(() => expect(within(row).getByText('湘江果蔬合作社')).toBeTruthy());
    expect(row.querySelector('img')?.getAttribute('src')).toBe(product.images[0]);
    fireEvent.click(screen.getByText('已下架'));
    await waitFor(() => expect(calls.some((c) => c.path === 'admin/products' && c.query.get('active') === 'false')).toBe(true));
    fireEvent.change(screen.getByTestId('product-search'), { target: { value: '橙' } });
    await waitFor(() => expect(calls.some((c) => c.path === 'admin/products' && c.query.get('name') === '橙')).toBe(true));
  });

  it('validates a new product with CreateProduct and opens it for its SKUs once created', async () => {
    const calls = stubApi({
      ...routes,
      'POST admin/products': ({ body }) => ({ ...product, ...(body as object), id: 'prd_2', skus: [] }),
      'GET admin/products/prd_2': () => ({ ...product, id: 'prd_2', name: '赣南脐橙', skus: [] }),
    });
    renderSection('catalog', <CatalogPage />, '/catalog/products/new');
    fireEvent.click(await screen.findByTestId('product-save'));
    await waitFor(() => expect(screen.getAllByText('必填').length).toBe(4));

    fireEvent.change(screen.getByTestId('product-name'), { target: { value: '赣南脐橙' } });
    fireEvent.mouseDown(within(screen.getByTestId('product-category')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('柑橘'));
    fireEvent.mouseDown(within(screen.getByTestId('product-supplier')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('湘江果蔬合作社'));
    fireEvent.change(inputOf('product-shelf-life'), { target: { value: '30' } });
    await act(async () => fireEvent.click(screen.getByTestId('product-save')));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(admin.CreateProduct.parse(calls.find((c) => c.method === 'POST')!.body)).toEqual({
      name: '赣南脐橙',
      categoryId: 'cat_citrus',
      supplierId: 'sup_1',
      temperatureClass: 'ambient',
      shelfLifeDays: 30,
      description: '',
      images: [],
    });
    expect(await screen.findByTestId('sku-create')).toBeTruthy();
  });
});
