import { useMutation } from '@tanstack/react-query';
import { Button, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';

/** "Remind to pick up": queues a reminder to the order's resident (at most once in ten minutes per order). */
export function RemindButton({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const remind = useMutation({
    mutationFn: () => api.post<{ noticeId: string }>(`leader/orders/${encodeURIComponent(orderId)}/reminders`),
    onSuccess: () => Toast.show({ icon: 'success', content: t('remind.sent') }),
    onError: (err) => Toast.show({ icon: 'fail', content: errorText(t, err) }),
  });
  return (
    <Button block fill="outline" loading={remind.isPending} onClick={() => remind.mutate()} data-testid="remind-pickup">
      {t('remind.button')}
    </Button>
  );
}
