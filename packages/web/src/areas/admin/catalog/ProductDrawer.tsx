import type { admin } from '@linli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Divider, Drawer, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import { ProductForm, type ProductValues } from './ProductForm.tsx';
import { SkuSection } from './SkuSection.tsx';
import './locales.ts';

type ProductWithSkus = z.infer<typeof admin.ProductWithSkus>;

/** /catalog/products/new or /catalog/products/:id: the product's form, then its SKUs. */
export function ProductDrawer() {
  const { t } = useTranslation(['catalog', 'common']);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { productId = 'new' } = useParams();
  const isNew = productId === 'new';
  const product = useQuery({
    queryKey: ['admin-product', productId],
    queryFn: () => api.get<ProductWithSkus>(`admin/products/${productId}`),
    enabled: !isNew,
  });
  const save = useMutation({
    mutationFn: ({ active, ...v }: ProductValues) =>
      isNew ? api.post<ProductWithSkus>('admin/products', v) : api.patch<ProductWithSkus>(`admin/products/${productId}`, { ...v, active }),
    onSuccess: (p) => {
      client.setQueryData(['admin-product', p.id], p);
      void client.invalidateQueries({ queryKey: ['admin-products'] });
      if (isNew) {
        message.success(t('product.created', { name: p.name }));
        navigate(`/catalog/products/${p.id}`, { replace: true });
      } else message.success(t('product.saved', { name: p.name }));
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const close = () => navigate('/catalog/products');
  return (
    <Drawer open size={720} title={isNew ? t('product.create') : (product.data?.name ?? t('product.edit'))} onClose={close} destroyOnHidden>
      {isNew ? (
        <ProductForm key="new" saving={save.isPending} onSave={(v) => save.mutate(v)} />
      ) : product.isPending ? (
        <Skeleton active />
      ) : product.isError ? (
        <Alert type="error" showIcon title={errorText(t, product.error)} />
      ) : (
        <ProductForm key={product.data.id} initial={product.data} saving={save.isPending} onSave={(v) => save.mutate(v)} />
      )}
      <Divider titlePlacement="start">{t('product.skus')}</Divider>
      {isNew ? <Typography.Text type="secondary">{t('product.saveFirst')}</Typography.Text> : <SkuSection productId={productId} />}
    </Drawer>
  );
}
