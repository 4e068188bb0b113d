import * as leaderTransfer from '@linli/contracts/leader-transfer';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shortDateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api } from '../api.ts';
import { Page } from '../Page.tsx';

/** Asking to leave: what happens to my members and orders, my request and where it stands. */
export default function LeavePage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const query = useQuery({
    queryKey: ['leader', 'leave'],
    queryFn: async () => leaderTransfer.MyLeave.parse(await api.get('leader/leave')),
  });
  const ask = useMutation({
    mutationFn: async () => leaderTransfer.MyLeave.parse(await api.post('leader/leave', { note })),
    onSuccess: (answer) => {
      client.setQueryData(['leader', 'leave'], answer);
      Toast.show({ content: t('leave.asked') });
    },
    onError: (err) => Toast.show({ content: errorText(t, err) }),
  });
  const confirm = async () => {
    const ok = await Dialog.confirm({ content: t('leave.askConfirm'), confirmText: t('leave.ask'), cancelText: t('common:cancel') });
    if (ok) ask.mutate();
  };
  return (
    <Page title={t('leave.title')} back>
      <div className="ll-card ll-muted">{t('leave.intro')}</div>
      <QueryState query={query}>
        {({ transfer }) =>
          transfer && transfer.status !== 'cancelled' ? (
            <div className="ll-card" data-testid="leave-status">
              <div className="lh-card-title">{t(`leave.status.${transfer.status}`)}</div>
              <div className="ll-muted">{t('leave.since', { time: shortDateTime(transfer.createdAt) })}</div>
            </div>
          ) : (
            <div className="ll-card">
              <TextArea placeholder={t('leave.note')} value={note} onChange={setNote} maxLength={500} rows={3} data-testid="leave-note" />
              <Button block color="danger" fill="outline" loading={ask.isPending} onClick={() => void confirm()} data-testid="leave-ask">
                {t('leave.ask')}
              </Button>
            </div>
          )
        }
      </QueryState>
    </Page>
  );
}
