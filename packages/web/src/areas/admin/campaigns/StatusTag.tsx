import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CampaignStatus } from './editRules.ts';
import './locales.ts';

const colors: Record<CampaignStatus, string> = { draft: 'default', scheduled: 'gold', open: 'green', closed: 'blue', cancelled: 'red' };

export function StatusTag({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation('campaigns');
  return (
    <Tag color={colors[status]} data-testid="campaign-status" data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}
