import { crm } from '@linli/contracts';
import { Checkbox, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import './locales.ts';

/** The promotion editor's "leave these member segments out" (form field `excludedSegments`). */
export function ExcludedSegmentsField() {
  const { t } = useTranslation('crm');
  return (
    <Form.Item name="excludedSegments" label={t('excludeSegments')} extra={t('excludeHint')}>
      <Checkbox.Group
        options={crm.MemberSegment.options.map((s) => ({ value: s, label: t(`segment.${s}`) }))}
        data-testid="promotion-excluded-segments"
      />
    </Form.Item>
  );
}
