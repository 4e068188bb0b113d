import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { admin } from '@linli/contracts';
import { Button, Checkbox, Form, type FormInstance, InputNumber, Space, Table, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../common/format.ts';
import { zodRule } from '../../../common/validation.ts';
import { yuanRule } from '../catalog/money.ts';
import type { Campaign, CampaignValues, LineValue } from './editRules.ts';
import { SkuPicker } from './SkuPicker.tsx';
import './locales.ts';

const line = admin.CampaignLineInput.shape;
/** A rule for a nullable contract field whose empty input means null ("no limit"). */
const orNull = (schema: z.ZodType, t: TFunction) => ({
  validator: (rule: unknown, value: unknown) => zodRule(schema, t).validator(rule, value ?? null),
});
type Original = Map<string, Campaign['lines'][number]>;

/** The discount of a group price against the list price, as Chinese 折 (8.5) or an English percentage off. */
export function discountText(groupFen: number, listFen: number, lang: string): string | null {
  if (!(groupFen > 0) || !(listFen > 0) || groupFen >= listFen) return null;
  return lang === 'en' ? String(Math.round((1 - groupFen / listFen) * 100)) : (Math.floor((groupFen / listFen) * 100) / 10).toFixed(1);
}

/**
 * A campaign's lines: a SKU picked from the catalog with its group price (yuan), stock or
 * unlimited presale, and limit per resident. While the campaign is open only stock may rise.
 */
export function LinesEditor({ form, fixed, original }: { form: FormInstance<CampaignValues>; fixed: boolean; original: Original }) {
  const { t, i18n } = useTranslation(['campaigns', 'common']);
  const [picking, setPicking] = useState(false);
  const lines: LineValue[] = Form.useWatch('lines', { form, preserve: true }) ?? [];
  return (
    <Form.List
      name="lines"
      rules={[
        {
          validator: async (_, v: LineValue[] | undefined) => {
            if (!v?.length) throw new Error(t('rule.noLines'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Table
            size="small"
            rowKey="key"
            dataSource={fields}
            pagination={false}
            locale={{ emptyText: t('line.empty') }}
            onRow={() => ({ 'data-testid': 'campaign-line' }) as HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('line.product'),
                render: (_, f) => {
                  const l = lines[f.name];
                  return l ? (
                    <Space orientation="vertical" size={0}>
                      <Typography.Text strong>{l.productName}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {l.spec} / {l.unit}
                      </Typography.Text>
                    </Space>
                  ) : null;
                },
              },
              {
                title: t('line.listPrice'),
                width: 90,
                align: 'right',
                render: (_, f) => (lines[f.name] ? yuan(lines[f.name]!.listPriceFen) : null),
              },
              {
                title: t('line.groupPrice'),
                width: 170,
                render: (_, f) => {
                  const l = lines[f.name];
                  const off = l ? discountText(Math.round((l.groupYuan ?? 0) * 100), l.listPriceFen, i18n.language) : null;
                  return (
                    <Form.Item
                      name={[f.name, 'groupYuan']}
                      rules={[yuanRule(line.groupPriceFen, t)]}
                      style={{ margin: 0 }}
                      extra={off ? t('line.discount', { value: off }) : undefined}
                    >
                      <InputNumber
                        min={0}
                        precision={2}
                        prefix="¥"
                        disabled={fixed}
                        style={{ width: 130 }}
                        data-testid="line-group-price"
                      />
                    </Form.Item>
                  );
                },
              },
              {
                title: t('line.stock'),
                width: 250,
                render: (_, f) => {
                  const l = lines[f.name];
                  const was = l ? original.get(l.skuId) : undefined;
                  const minStock = fixed && was?.stockTotal != null ? was.stockTotal : 0;
                  const rules = l?.unlimited
                    ? []
                    : [
                        zodRule(line.stockTotal.unwrap(), t),
                        ...(fixed && minStock
                          ? [
                              {
                                type: 'number' as const,
                                min: minStock,
                                message: t('locked.stock', { stock: minStock, reserved: was?.reserved ?? 0 }),
                              },
                            ]
                          : []),
                      ];
                  return (
                    <Space align="start">
                      <Form.Item
                        name={[f.name, 'stockTotal']}
                        rules={rules}
                        style={{ margin: 0 }}
                        extra={
                          fixed && was?.stockTotal != null ? t('locked.stock', { stock: minStock, reserved: was.reserved }) : undefined
                        }
                      >
                        <InputNumber min={minStock} precision={0} disabled={l?.unlimited} style={{ width: 110 }} data-testid="line-stock" />
                      </Form.Item>
                      <Form.Item name={[f.name, 'unlimited']} valuePropName="checked" style={{ margin: 0 }}>
                        <Checkbox disabled={fixed && was?.stockTotal === null}>{t('line.unlimited')}</Checkbox>
                      </Form.Item>
                    </Space>
                  );
                },
              },
              {
                title: t('line.limit'),
                width: 120,
                render: (_, f) => (
                  <Form.Item name={[f.name, 'perResidentLimit']} rules={[orNull(line.perResidentLimit, t)]} style={{ margin: 0 }}>
                    <InputNumber
                      min={1}
                      precision={0}
                      placeholder={t('line.noLimit')}
                      disabled={fixed}
                      style={{ width: 100 }}
                      data-testid="line-limit"
                    />
                  </Form.Item>
                ),
              },
              ...(original.size > 0
                ? [
                    {
                      title: t('line.reserved'),
                      width: 70,
                      align: 'right' as const,
                      render: (_: unknown, f: { name: number }) => lines[f.name]?.reserved ?? 0,
                    },
                  ]
                : []),
              {
                width: 50,
                render: (_, f) => (
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    disabled={fixed}
                    onClick={() => remove(f.name)}
                    aria-label={t('line.remove')}
                  />
                ),
              },
            ]}
          />
          <Form.ErrorList errors={errors} />
          {!fixed && (
            <Button icon={<PlusOutlined />} onClick={() => setPicking(true)} data-testid="campaign-add-line">
              {t('line.add')}
            </Button>
          )}
          <SkuPicker
            open={picking}
            picked={new Set(lines.map((l) => l.skuId))}
            onClose={() => setPicking(false)}
            onPick={(s) =>
              add({ ...s, groupYuan: null, unlimited: true, stockTotal: null, perResidentLimit: null, reserved: 0 } satisfies LineValue)
            }
          />
        </Space>
      )}
    </Form.List>
  );
}
