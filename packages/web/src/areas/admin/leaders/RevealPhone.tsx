import { EyeOutlined } from '@ant-design/icons';
import type { privacy } from '@linli/contracts';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import './locales.ts';

type Revealed = z.infer<typeof privacy.RevealedPersonalData>;

/**
 * A phone as staff see it, masked (138****1234), with a button that shows it in full: the server
 * allows admins and support and writes every look to the audit log, so it is asked only on a click.
 */
export function RevealPhone({ kind, id, masked }: { kind: privacy.PersonalRecordKind; id: string; masked: string }) {
  const { t } = useTranslation(['leaders', 'common']);
  const { message } = App.useApp();
  const reveal = useMutation({
    mutationFn: () => api.post<Revealed>('admin/personal-data/reveal', { kind, id, field: 'phone' }),
    onError: (err) => message.error(errorText(t, err)),
  });
  if (reveal.data) return <span data-testid="phone-revealed">{reveal.data.value}</span>;
  return (
    <Space size={4}>
      <span data-testid="phone-masked">{masked}</span>
      <Button
        type="link"
        size="small"
        icon={<EyeOutlined />}
        loading={reveal.isPending}
        onClick={() => reveal.mutate()}
        title={t('revealHint')}
        data-testid="phone-reveal"
      >
        {t('reveal')}
      </Button>
    </Space>
  );
}
