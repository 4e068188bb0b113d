import * as aftersales from '@linli/contracts/aftersales';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Input, List, NoticeBar, Popup, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuan, yuan, yuanToFen } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { validate } from '../../../common/validation.ts';
import { api, type Claim } from '../api.ts';

/** Approve (possibly less than claimed) or reject a member's claim, with the reason the member will read. */
export function DecisionSheet({ claim, action, onClose }: { claim: Claim; action: 'approve' | 'reject'; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [amount, setAmount] = useState(String(fenToYuan(claim.requestedFen)));
  const [reason, setReason] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const decide = useMutation({
    mutationFn: (body: unknown) => api.post<Claim>(`leader/aftersales/${encodeURIComponent(claim.id)}/${action}`, body),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: action === 'approve' ? t('aftersales.approved') : t('aftersales.rejected') });
      void client.invalidateQueries({ queryKey: ['leader', 'aftersales'] });
      onClose();
    },
  });
  const submit = () => {
    const checked =
      action === 'approve'
        ? validate(aftersales.ApproveClaim, { amountFen: yuanToFen(amount), reason: reason.trim() }, t)
        : validate(aftersales.RejectClaim, { reason: reason.trim() }, t);
    if (!checked.ok) return setFields(checked.fields);
    const amountFen = yuanToFen(amount);
    if (action === 'approve' && amountFen > claim.requestedFen)
      return setFields({ amountFen: t('aftersales.overClaim', { amount: yuan(claim.requestedFen) }) });
    setFields({});
    decide.mutate(checked.value);
  };
  return (
    <Popup visible onMaskClick={onClose} onClose={onClose} bodyStyle={{ borderRadius: '12px 12px 0 0', padding: '12px 0' }}>
      <div className="la-sheet" data-testid="claim-sheet">
        <div className="lc-title la-sheet-title">{action === 'approve' ? t('aftersales.approveTitle') : t('aftersales.rejectTitle')}</div>
        <div className="ll-muted la-sheet-sub">
          {claim.title} · {t('aftersales.requested', { amount: yuan(claim.requestedFen) })}
        </div>
        {decide.isError && <NoticeBar color="error" wrap content={errorText(t, decide.error)} />}
        <List>
          {action === 'approve' && (
            <List.Item title={t('aftersales.amount')} description={<span className="ll-field-error">{fields.amountFen}</span>}>
              <Input type="number" inputMode="decimal" value={amount} onChange={setAmount} data-testid="claim-amount" />
            </List.Item>
          )}
          <List.Item title={t('aftersales.reason')} description={<span className="ll-field-error">{fields.reason}</span>}>
            <TextArea
              value={reason}
              onChange={setReason}
              maxLength={500}
              rows={3}
              placeholder={action === 'approve' ? t('aftersales.approveReason') : t('aftersales.rejectReason')}
              data-testid="claim-reason"
            />
          </List.Item>
        </List>
        <div className="lv-actions la-sheet-actions">
          <Button onClick={onClose}>{t('common:cancel')}</Button>
          <Button
            color={action === 'approve' ? 'primary' : 'danger'}
            loading={decide.isPending}
            onClick={submit}
            data-testid="claim-submit"
          >
            {action === 'approve' ? t('aftersales.approve') : t('aftersales.reject')}
          </Button>
        </div>
      </div>
    </Popup>
  );
}
