import { admin } from '@linli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import { ImageUpload } from './ImageUpload.tsx';
import { fenOf, yuanOf, yuanRule } from './money.ts';
import './locales.ts';

type Sku = z.infer<typeof admin.Sku>;

export interface SkuValues {
  spec: string;
  unit: string;
  barcode?: string;
  costYuan: number;
  listYuan: number;
  weightG: number;
  volumeMl: number;
  images?: string[];
  active?: boolean;
}

/** The request body from the form: amounts in fen, an empty barcode as null. */
export function skuBody(v: SkuValues): admin.CreateSku {
  return {
    spec: v.spec.trim(),
    unit: v.unit.trim(),
    barcode: v.barcode?.trim() ? v.barcode.trim() : null,
    images: v.images ?? [],
    costPriceFen: fenOf(v.costYuan) ?? 0,
    listPriceFen: fenOf(v.listYuan) ?? 0,
    weightG: v.weightG ?? 0,
    volumeMl: v.volumeMl ?? 0,
  };
}

const fields = admin.CreateSku.shape;

/** Adds a SKU to a product or edits one; prices typed in yuan, sent in fen, checked with CreateSku. */
export function SkuForm({ productId, sku, open, onClose }: { productId: string; sku: Sku | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['catalog', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<SkuValues>();
  const cost = Form.useWatch('costYuan', form);
  const list = Form.useWatch('listYuan', form);
  const save = useMutation({
    mutationFn: (v: SkuValues) =>
      sku
        ? api.patch<Sku>(`admin/skus/${sku.id}`, { ...skuBody(v), active: v.active })
        : api.post<Sku>(`admin/products/${productId}/skus`, skuBody(v)),
    onSuccess: (s) => {
      message.success(t('sku.saved', { spec: s.spec }));
      void client.invalidateQueries({ queryKey: ['admin-product', productId] });
      onClose();
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const initial: Partial<SkuValues> = sku
    ? {
        spec: sku.spec,
        unit: sku.unit,
        barcode: sku.barcode ?? undefined,
        costYuan: yuanOf(sku.costPriceFen),
        listYuan: yuanOf(sku.listPriceFen),
        weightG: sku.weightG,
        volumeMl: sku.volumeMl,
        images: sku.images,
        active: sku.active,
      }
    : { weightG: 0, volumeMl: 0, images: [] };
  const margin = typeof cost === 'number' && typeof list === 'number' && list > 0 ? fenOf(list)! - fenOf(cost)! : null;
  return (
    <Modal
      open={open}
      width={640}
      title={sku ? t('sku.edit') : t('sku.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'sku-save' }}
      destroyOnHidden
    >
      <Form<SkuValues> form={form} layout="vertical" preserve={false} initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <div style={{ display: 'grid', gridTemplateColumns: '2fr 1fr 2fr', gap: 12 }}>
          <Form.Item name="spec" label={t('sku.spec')} rules={[zodRule(fields.spec, t)]}>
            <Input maxLength={100} placeholder={t('sku.specPlaceholder')} data-testid="sku-spec" />
          </Form.Item>
          <Form.Item name="unit" label={t('sku.unit')} rules={[zodRule(fields.unit, t)]}>
            <Input maxLength={20} placeholder={t('sku.unitPlaceholder')} data-testid="sku-unit" />
          </Form.Item>
          <Form.Item name="barcode" label={t('sku.barcode')} rules={[zodRule(fields.barcode, t)]}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="costYuan" label={t('sku.costPrice')} rules={[yuanRule(fields.costPriceFen, t)]}>
            <InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="sku-cost" />
          </Form.Item>
          <Form.Item name="listYuan" label={t('sku.listPrice')} rules={[yuanRule(fields.listPriceFen, t)]}>
            <InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="sku-list" />
          </Form.Item>
          <div />
          <Form.Item name="weightG" label={t('sku.weightG')} rules={[zodRule(fields.weightG, t)]}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="volumeMl" label={t('sku.volumeMl')} rules={[zodRule(fields.volumeMl, t)]}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          {sku && (
            <Form.Item name="active" label={t('sku.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </div>
        {margin !== null && (
          <Typography.Paragraph type={margin < 0 ? 'danger' : 'secondary'}>{t('sku.margin', { value: yuan(margin) })}</Typography.Paragraph>
        )}
        <Form.Item name="images" label={t('sku.images')} rules={[zodRule(fields.images, t)]}>
          <ImageUpload />
        </Form.Item>
      </Form>
    </Modal>
  );
}
