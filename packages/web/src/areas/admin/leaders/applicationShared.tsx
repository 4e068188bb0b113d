import type { applications } from '@linli/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import './applicationLocales.ts';

/** Every query about applications starts with this key (the list, the pending count, one application). */
export const applicationsKey = 'admin-leader-applications';

const statusColor = { pending: 'orange', approved: 'green', rejected: 'default' } as const;

export function ApplicationStatusTag({ status }: { status: applications.ApplicationStatus }) {
  const { t } = useTranslation('leaderApplications');
  return <Tag color={statusColor[status]}>{t(`status.${status}`)}</Tag>;
}
