import * as aftersales from '@linli/contracts/aftersales';
import { Button, ImageUploader, type ImageUploadItem, List, Selector, Stepper, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../common/format.ts';
import { validate } from '../../../common/validation.ts';
import type { ClaimType, Order } from '../types.ts';

export type ClaimBody = aftersales.CreateClaim;
const types: ClaimType[] = ['missing', 'damaged', 'quality', 'wrong_item'];
/** Problems that need the goods in hand are shown with a photo. */
const needsPhoto = (type: ClaimType | undefined) => type !== undefined && type !== 'missing';

/** A claim on one line of a delivered order, checked with the API's schema before it is sent. */
export function ClaimForm({
  order,
  lineId: initialLine,
  upload,
  onSubmit,
  error,
}: {
  order: Order;
  lineId: string | null;
  upload: (file: File) => Promise<{ url: string }>;
  onSubmit: (body: ClaimBody) => Promise<void>;
  error: string | null;
}) {
  const { t } = useTranslation('shop');
  const lines = order.lines.filter((l) => l.refundedQuantity < l.quantity);
  const [lineId, setLineId] = useState(lines.find((l) => l.id === initialLine)?.id ?? (lines.length === 1 ? lines[0]!.id : ''));
  const [type, setType] = useState<ClaimType | undefined>();
  const [quantity, setQuantity] = useState(1);
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [uploading, setUploading] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const line = lines.find((l) => l.id === lineId);
  const left = line ? line.quantity - line.refundedQuantity : 1;
  const estimate = line ? Math.min(line.unitPriceFen * quantity, line.amountFen - line.refundedFen) : 0;

  const submit = async () => {
    const checked = validate(
      aftersales.CreateClaim,
      { orderLineId: lineId || undefined, type, quantity, description, evidenceUrls: photos.map((p) => p.url) },
      t,
    );
    const found: Record<string, string> = checked.ok ? {} : { ...checked.fields };
    // an unchosen option is "required" (the shared messages call a missing enum value invalid)
    if (!lineId) found.orderLineId = t('common:validation.required');
    if (!type) found.type = t('common:validation.required');
    if (line && quantity > left) found.quantity ??= t('common:validation.tooBig', { max: left });
    if (needsPhoto(type) && photos.length === 0) found.evidenceUrls ??= t('claim.photosRequired');
    if (uploading) found.evidenceUrls = t('claim.uploading');
    setFields(found);
    if (!checked.ok || Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await onSubmit(checked.value);
    } finally {
      setBusy(false);
    }
  };

  // a field's message goes once the field is changed
  const changed = (key: string) => setFields((f) => (key in f ? Object.fromEntries(Object.entries(f).filter(([k]) => k !== key)) : f));
  const err = (key: string) =>
    fields[key] ? (
      <span className="ll-field-error" data-testid={`claim-error-${key}`}>
        {fields[key]}
      </span>
    ) : undefined;

  if (lines.length === 0) return <div className="shop-notice">{t('claim.none')}</div>;
  return (
    <div data-testid="claim-form">
      <List mode="card" header={t('claim.line')}>
        <List.Item description={err('orderLineId')}>
          <Selector
            columns={1}
            value={lineId ? [lineId] : []}
            onChange={(v) => {
              setLineId(v[0] ?? '');
              setQuantity(1);
              changed('orderLineId');
            }}
            options={lines.map((l) => ({ label: `${l.title} ×${l.quantity - l.refundedQuantity}`, value: l.id }))}
            data-testid="claim-line"
          />
        </List.Item>
      </List>
      <List mode="card" header={t('claim.type')}>
        <List.Item description={err('type')}>
          <Selector
            columns={2}
            value={type ? [type] : []}
            onChange={(v) => {
              setType(v[0]);
              changed('type');
              changed('evidenceUrls');
            }}
            options={types.map((ty) => ({ label: <span data-testid={`claim-type-${ty}`}>{t(`claim.types.${ty}`)}</span>, value: ty }))}
            data-testid="claim-type"
          />
        </List.Item>
        <List.Item
          title={t('claim.quantity')}
          description={err('quantity') ?? (line && <span className="ll-muted">{t('claim.amount', { amount: yuan(estimate) })}</span>)}
          extra={
            <Stepper value={quantity} min={1} max={left} digits={0} onChange={(v) => setQuantity(v ?? 1)} data-testid="claim-quantity" />
          }
        >
          {' '}
        </List.Item>
      </List>
      <List mode="card" header={t('claim.description')}>
        <List.Item description={err('description')}>
          <TextArea
            value={description}
            onChange={setDescription}
            placeholder={t('claim.descriptionPlaceholder')}
            maxLength={1000}
            rows={3}
            showCount
            data-testid="claim-description"
          />
        </List.Item>
      </List>
      <List mode="card" header={t('claim.photos')}>
        <List.Item description={err('evidenceUrls')}>
          <ImageUploader
            value={photos}
            onChange={(items) => {
              setPhotos(items);
              changed('evidenceUrls');
            }}
            upload={upload}
            maxCount={9}
            multiple
            accept="image/*"
            onUploadQueueChange={(tasks) => setUploading(tasks.some((task) => task.status === 'pending'))}
            data-testid="claim-photos"
          />
        </List.Item>
      </List>
      {error && (
        <div className="shop-error" style={{ margin: '0 12px' }} data-testid="claim-server-error">
          {error}
        </div>
      )}
      <div style={{ padding: '8px 12px' }}>
        <Button block color="primary" size="large" loading={busy} onClick={submit} data-testid="claim-submit">
          {t('common:submit')}
        </Button>
      </div>
    </div>
  );
}
