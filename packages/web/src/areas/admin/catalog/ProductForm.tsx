import { admin } from '@linli/contracts';
import { Button, Form, Input, InputNumber, Radio, Switch, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { zodRule } from '../../../common/validation.ts';
import { ImageUpload } from './ImageUpload.tsx';
import { SupplierSelect, temperatureClasses, useCategories } from './lookups.tsx';
import './locales.ts';

export type ProductValues = Required<Omit<admin.CreateProduct, 'description' | 'images'>> & {
  description?: string;
  images?: string[];
  active?: boolean;
};

const fields = admin.CreateProduct.shape;

/** A product's own fields (its SKUs are edited beside it), checked with the contract's CreateProduct schema. */
export function ProductForm({
  initial,
  saving,
  onSave,
}: {
  initial?: z.infer<typeof admin.Product>;
  saving: boolean;
  onSave: (values: ProductValues) => void;
}) {
  const { t } = useTranslation(['catalog', 'common']);
  const categories = useCategories();
  return (
    <Form<ProductValues>
      layout="vertical"
      initialValues={initial ?? { temperatureClass: 'ambient', images: [], description: '' }}
      onFinish={onSave}
      data-testid="product-form"
    >
      <Form.Item name="name" label={t('product.name')} rules={[zodRule(fields.name, t)]}>
        <Input maxLength={100} placeholder={t('product.namePlaceholder')} data-testid="product-name" />
      </Form.Item>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16 }}>
        <Form.Item name="categoryId" label={t('product.category')} rules={[zodRule(fields.categoryId, t)]}>
          <TreeSelect
            treeData={categories.tree}
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            data-testid="product-category"
          />
        </Form.Item>
        <Form.Item name="supplierId" label={t('product.supplier')} rules={[zodRule(fields.supplierId, t)]}>
          <SupplierSelect data-testid="product-supplier" />
        </Form.Item>
        <Form.Item name="temperatureClass" label={t('product.temperatureClass')} rules={[zodRule(fields.temperatureClass, t)]}>
          <Radio.Group optionType="button" options={temperatureClasses.map((c) => ({ value: c, label: t(`temperature.${c}`) }))} />
        </Form.Item>
        <Form.Item name="shelfLifeDays" label={t('product.shelfLifeDays')} rules={[zodRule(fields.shelfLifeDays, t)]}>
          <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} data-testid="product-shelf-life" />
        </Form.Item>
      </div>
      <Form.Item name="description" label={t('product.description')} rules={[zodRule(fields.description, t)]}>
        <Input.TextArea rows={3} maxLength={4000} showCount />
      </Form.Item>
      <Form.Item name="images" label={t('product.images')} rules={[zodRule(fields.images, t)]} extra={t('upload.hint')}>
        <ImageUpload testId="product-images" />
      </Form.Item>
      {initial && (
        <Form.Item name="active" label={t('product.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={saving} data-testid="product-save">
        {t('common:save')}
      </Button>
    </Form>
  );
}
