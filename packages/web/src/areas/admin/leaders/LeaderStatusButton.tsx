import type { admin } from '@linli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import './locales.ts';

type Leader = z.infer<typeof admin.Leader>;
type LeaderWithPoints = z.infer<typeof admin.LeaderWithPickupPoints>;

/**
 * Suspends an active leader (after confirming: they are logged out and their pickup points take
 * no new orders; the answer says how many orders are still to serve there) or reinstates a
 * suspended one. Leaders have two states only (active, suspended): one registered is active at once, so
 * reinstating is how a leader is (re)approved to run groups.
 */
export function LeaderStatusButton({ leader, size = 'small', link = true }: { leader: Leader; size?: 'small' | 'middle'; link?: boolean }) {
  const { t } = useTranslation(['leaders', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const change = useMutation({
    mutationFn: (status: Leader['status']) => api.patch<LeaderWithPoints>(`admin/leaders/${leader.id}`, { status }),
    onSuccess: (l) => {
      if (l.status === 'active') message.success(t('reinstated', { name: l.name }));
      else if (l.ordersToServe > 0) message.warning(t('suspendedOpen', { name: l.name, count: l.ordersToServe }));
      else message.success(t('suspended', { name: l.name }));
      void client.invalidateQueries({ queryKey: ['admin-leaders'] });
      void client.invalidateQueries({ queryKey: ['admin-leader', l.id] });
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const type = link ? 'link' : 'default';
  return leader.status === 'active' ? (
    <Popconfirm
      title={t('suspendConfirm', { name: leader.name })}
      onConfirm={() => change.mutate('suspended')}
      okButtonProps={{ danger: true, 'data-testid': 'leader-suspend-confirm' }}
    >
      <Button type={type} size={size} danger loading={change.isPending} data-testid="leader-suspend">
        {t('suspend')}
      </Button>
    </Popconfirm>
  ) : (
    <Button
      type={link ? 'link' : 'primary'}
      size={size}
      loading={change.isPending}
      onClick={() => change.mutate('active')}
      data-testid="leader-approve"
    >
      {t('reinstate')}
    </Button>
  );
}
