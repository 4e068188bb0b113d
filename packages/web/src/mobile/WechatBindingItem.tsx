import { useQuery } from '@tanstack/react-query';
import { Dialog, List, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../common/i18n.ts';
import { usePublicConfig } from '../common/publicConfig.ts';
import type { Area } from '../common/session.ts';
import { goToWechat, takeWechatReturn, unbindWechat, wechatBinding } from '../common/wechat.ts';
import { returnPath } from './WechatStart.tsx';

/** "绑定微信 / 解绑" on a profile screen: binds the logged-in person's WeChat (via WeChat's authorize page) or unbinds it. */
export function WechatBindingItem({ area }: { area: Area }) {
  const { t } = useTranslation('common');
  const config = usePublicConfig();
  const offered = config.data?.wechatLogin === true;
  const binding = useQuery({ queryKey: ['wechat-binding', area], queryFn: () => wechatBinding(area), enabled: offered });
  const [back] = useState(() => takeWechatReturn());

  useEffect(() => {
    if (back.bound) Toast.show({ icon: 'success', content: t('wechat.boundDone') });
    else if (back.error) Toast.show({ icon: 'fail', content: t(`errors:${back.error}`, { defaultValue: back.error }) });
  }, [back, t]);

  if (!offered || !binding.data?.available) return null;
  const bound = binding.data.bound;
  const act = () => {
    if (!bound) {
      goToWechat(area, config.data?.operator ?? 'self', 'snsapi_base', returnPath()).catch((err) =>
        Toast.show({ icon: 'fail', content: errorText(t, err) }),
      );
      return;
    }
    void Dialog.confirm({
      content: t('wechat.unbindConfirm'),
      confirmText: t('wechat.unbind'),
      cancelText: t('cancel'),
      onConfirm: async () => {
        try {
          await unbindWechat(area);
          Toast.show({ icon: 'success', content: t('wechat.unboundDone') });
        } catch (err) {
          Toast.show({ icon: 'fail', content: errorText(t, err) });
        }
        await binding.refetch();
      },
    });
  };
  return (
    <List mode="card">
      <List.Item
        onClick={act}
        description={bound ? (binding.data.nickname ?? t('wechat.bound')) : t('wechat.notBound')}
        extra={bound ? t('wechat.unbind') : t('wechat.bind')}
        data-testid="wechat-binding"
      >
        {t('wechat.title')}
      </List.Item>
    </List>
  );
}
