import { useQueryClient } from '@tanstack/react-query';
import { Button, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { inWechat, type MerchantTransfer, requestMerchantTransfer } from './merchant-transfer.ts';

/**
 * A withdrawal paid into the leader's WeChat balance waits for the leader to accept it: inside
 * WeChat a 确认收款 button opens WeChat's confirmation; elsewhere the leader is told to open the
 * leader app in WeChat. The withdrawal shows paid once WeChat Pay tells linli.
 */
export function ConfirmReceipt({ transfer, win = window }: { transfer: MerchantTransfer; win?: Window }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  if (!inWechat(win.navigator.userAgent)) {
    return (
      <div className="confirm-receipt-hint" data-testid="confirm-receipt-hint">
        {t('withdraw.openInWechat')}
      </div>
    );
  }
  const confirm = async () => {
    setBusy(true);
    try {
      const outcome = await requestMerchantTransfer(win, transfer);
      if (outcome === 'ok') {
        Toast.show({ content: t('withdraw.confirmed') });
        void client.invalidateQueries({ queryKey: ['leader', 'withdrawals'] });
      } else if (outcome === 'fail') Toast.show({ content: t('withdraw.confirmFailed') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="small" color="primary" loading={busy} onClick={() => void confirm()} data-testid="confirm-receipt">
      {t('withdraw.confirmReceipt')}
    </Button>
  );
}
