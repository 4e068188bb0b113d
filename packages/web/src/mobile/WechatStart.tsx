import { Button, NoticeBar, SpinLoading } from 'antd-mobile';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../common/i18n.ts';
import type { Area } from '../common/session.ts';
import { type WechatReturn, type WechatScope, goToWechat, redeemWechatTicket } from '../common/wechat.ts';

/** Where WeChat login comes back to: this page, without what the callback added. */
export function returnPath(): string {
  return `${window.location.pathname}${window.location.search}`;
}

/**
 * Inside WeChat's browser: logs in with WeChat at once (snsapi_base), or redeems the ticket the
 * callback brought; after a refusal, offers WeChat again, with nickname and avatar, or the phone.
 */
export function WechatStart({
  area,
  operator,
  back,
  onUsePhone,
}: {
  area: Area;
  operator: string;
  back: WechatReturn;
  onUsePhone: () => void;
}) {
  const { t } = useTranslation('common');
  const [error, setError] = useState<string | null>(back.error ? t(`errors:${back.error}`, { defaultValue: back.error }) : null);
  const started = useRef(false);

  const go = async (scope: WechatScope) => {
    setError(null);
    try {
      await goToWechat(area, operator, scope, returnPath());
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  useEffect(() => {
    if (started.current || back.error) return;
    started.current = true;
    if (back.ticket && back.next === 'session') {
      redeemWechatTicket(area, back.ticket).catch((err) => setError(errorText(t, err)));
    } else {
      void go('snsapi_base');
    }
  });

  return (
    <div className="ll-login" data-testid="wechat-login">
      {error ? (
        <NoticeBar content={error} color="error" wrap data-testid="login-error" />
      ) : (
        <div style={{ textAlign: 'center', padding: 24 }}>
          <SpinLoading style={{ margin: '0 auto 12px' }} />
          {t('login.wechatLoggingIn')}
        </div>
      )}
      <div style={{ padding: '0 12px', display: 'grid', gap: 12 }}>
        {error && (
          <Button block color="success" size="large" onClick={() => void go('snsapi_base')} data-testid="wechat-login-again">
            {t('login.wechatLogin')}
          </Button>
        )}
        <Button block fill="outline" onClick={() => void go('snsapi_userinfo')} data-testid="wechat-userinfo">
          {t('login.wechatUserinfo')}
        </Button>
        <Button block fill="none" onClick={onUsePhone} data-testid="wechat-use-phone">
          {t('login.usePhone')}
        </Button>
      </div>
    </div>
  );
}
