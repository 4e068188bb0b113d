import * as auth from '@linli/contracts/auth';
import { Button, Input, List, NavBar, NoticeBar } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../common/i18n.ts';
import { logIn, requestCode } from '../common/login.ts';
import { rememberInvite } from '../common/invite.ts';
import { usePublicConfig } from '../common/publicConfig.ts';
import type { Area } from '../common/session.ts';
import { validate } from '../common/validation.ts';
import { goToWechat, inWechat, redeemWechatTicket, takeWechatReturn } from '../common/wechat.ts';
import { LangSwitch } from './LangSwitch.tsx';
import { WechatStart, returnPath } from './WechatStart.tsx';

/**
 * Phone and SMS code, the one login of every phone area. The shop inside WeChat's browser logs in
 * with WeChat when the installation offers it; the first time the same form binds the phone.
 */
export function MobileLogin({ area, title }: { area: Area; title: string }) {
  const { t } = useTranslation('common');
  const config = usePublicConfig();
  const [wechatBack] = useState(() => takeWechatReturn());
  // The shop's invite link (?invite=…) is kept until a login takes it, across WeChat's round trip.
  const [invite] = useState(() => (area === 'shop' ? rememberInvite() : null));
  const [usePhone, setUsePhone] = useState(false);
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [operator, setOperator] = useState('');
  const [devCode, setDevCode] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const operatorSlug = config.data?.operator ?? operator;
  const wechat = area === 'shop' && !usePhone && inWechat() && config.data?.wechatLogin === true && !!config.data.operator;
  const bindTicket = wechat && wechatBack.next === 'bind_phone' ? wechatBack.ticket : null;

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const sendCode = async () => {
    const checked = validate(auth.RequestSmsCode, { phone }, t);
    if (!checked.ok) return setFieldErrors(checked.fields);
    setFieldErrors({});
    setError(null);
    try {
      const sent = await requestCode(area, phone);
      setWait(sent.retryAfterSeconds);
      if (sent.devCode) {
        setDevCode(sent.devCode);
        setCode(sent.devCode);
      }
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const submit = async () => {
    const checked = validate(auth.Login, { operator: operatorSlug, phone, code, as: 'resident' }, t);
    if (!checked.ok) return setFieldErrors(checked.fields);
    setFieldErrors({});
    setError(null);
    setBusy(true);
    try {
      if (bindTicket) await redeemWechatTicket(area, bindTicket, { phone, code }, invite);
      else await logIn(area, operatorSlug, phone, code, invite);
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  return (
    <div className="ll-page">
      <NavBar back={null} right={<LangSwitch />}>
        {title}
      </NavBar>
      {config.isPending && area === 'shop' && inWechat() ? null : wechat && !bindTicket ? (
        <WechatStart area={area} operator={config.data?.operator ?? ''} back={wechatBack} onUsePhone={() => setUsePhone(true)} />
      ) : (
        <div className="ll-login">
          <h1 className="ll-login-title">{bindTicket ? t('login.bindPhoneTitle') : t('login.title')}</h1>
          {bindTicket && (
            <p className="ll-hint" data-testid="bind-phone-hint">
              {t('login.bindPhoneHint')}
            </p>
          )}
          {invite && (
            <p className="ll-hint" data-testid="login-invited">
              {t('login.invited')}
            </p>
          )}
          {error && <NoticeBar content={error} color="error" wrap data-testid="login-error" />}
          <List mode="card">
            {config.isSuccess && !config.data.operator && (
              <List.Item title={t('login.operator')} description={<span className="ll-field-error">{fieldErrors.operator}</span>}>
                <Input value={operator} onChange={setOperator} placeholder="linli-demo" data-testid="login-operator" />
              </List.Item>
            )}
            <List.Item title={t('login.phone')} description={<span className="ll-field-error">{fieldErrors.phone}</span>}>
              <Input
                type="tel"
                inputMode="numeric"
                maxLength={11}
                value={phone}
                onChange={setPhone}
                placeholder={t('login.phonePlaceholder')}
                clearable
                data-testid="login-phone"
              />
            </List.Item>
            <List.Item
              title={t('login.code')}
              description={<span className="ll-field-error">{fieldErrors.code}</span>}
              extra={
                <Button size="small" fill="none" color="primary" disabled={wait > 0} onClick={sendCode} data-testid="login-send-code">
                  {wait > 0 ? t('login.resendIn', { seconds: wait }) : t('login.sendCode')}
                </Button>
              }
            >
              <Input
                inputMode="numeric"
                maxLength={6}
                value={code}
                onChange={setCode}
                placeholder={t('login.codePlaceholder')}
                data-testid="login-code"
              />
            </List.Item>
          </List>
          <div style={{ padding: '0 12px' }}>
            <Button block color="primary" size="large" loading={busy} onClick={submit} data-testid="login-submit">
              {bindTicket ? t('login.bindSubmit') : t('login.submit')}
            </Button>
            {bindTicket && (
              <Button
                block
                fill="outline"
                style={{ marginTop: 12 }}
                onClick={() =>
                  goToWechat(area, config.data?.operator ?? '', 'snsapi_userinfo', returnPath()).catch((err) => setError(errorText(t, err)))
                }
                data-testid="wechat-userinfo"
              >
                {t('login.wechatUserinfo')}
              </Button>
            )}
          </div>
          {devCode && (
            <p className="ll-hint" data-testid="login-dev-code">
              {t('login.devCode', { code: devCode })}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
