import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConfirmReceipt } from '../src/areas/leader/commission/ConfirmReceipt.tsx';
import { inWechat, requestMerchantTransfer, transferOutcome } from '../src/areas/leader/commission/merchant-transfer.ts';
import { renderLeader } from './leader-render.tsx';

const transfer = { mchId: '1900000001', appId: 'wxd678efh567hg6787', package: 'ABBQO+oYAAABAAAAAAAQz==' };
const WECHAT_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.50';

/** A window as WeChat's browser has it: its user agent, and (once ready) its bridge answering with `errMsg`. */
function wechatWindow(errMsg: string, ready = true) {
  const calls: Array<{ name: string; params: Record<string, string> }> = [];
  const bridge = {
    invoke(name: string, params: Record<string, string>, cb: (res: { err_msg?: string }) => void) {
      calls.push({ name, params });
      setTimeout(() => cb({ err_msg: errMsg }), 0);
    },
  };
  const doc = document.implementation.createHTMLDocument('wechat');
  const win = { navigator: { userAgent: WECHAT_UA }, document: doc, ...(ready ? { WeixinJSBridge: bridge } : {}) } as unknown as Window & {
    WeixinJSBridge?: typeof bridge;
  };
  return {
    win,
    calls,
    becomeReady: () => {
      win.WeixinJSBridge = bridge;
      doc.dispatchEvent(new Event('WeixinJSBridgeReady'));
    },
  };
}

describe('accepting a transfer in WeChat (requestMerchantTransfer)', () => {
  it.each([
    ['requestMerchantTransfer:ok', 'ok'],
    ['requestMerchantTransfer:cancel', 'cancel'],
    ['requestMerchantTransfer:fail', 'fail'],
    [undefined, 'fail'],
  ])('%s → %s', (errMsg, outcome) => expect(transferOutcome(errMsg)).toBe(outcome));

  it('knows WeChat’s browser by its user agent', () => {
    expect(inWechat(WECHAT_UA)).toBe(true);
    expect(inWechat('Mozilla/5.0 (iPhone) Safari/604.1')).toBe(false);
  });

  it('passes the merchant id, app id and package to the bridge, waiting for it to be ready', async () => {
    const w = wechatWindow('requestMerchantTransfer:ok', false);
    const asked = requestMerchantTransfer(w.win, transfer);
    expect(w.calls).toEqual([]);
    w.becomeReady();
    expect(await asked).toBe('ok');
    expect(w.calls).toEqual([{ name: 'requestMerchantTransfer', params: transfer }]);
  });
});

describe('the 确认收款 of a withdrawal waiting for the leader', () => {
  it('outside WeChat, tells the leader to open the leader app in WeChat', () => {
    renderLeader(<ConfirmReceipt transfer={transfer} />);
    expect(screen.getByTestId('confirm-receipt-hint').textContent).toContain('请在微信中打开团长端');
    expect(screen.queryByTestId('confirm-receipt')).toBeNull();
  });

  it('inside WeChat, the button opens WeChat’s confirmation with the transfer’s package', async () => {
    const w = wechatWindow('requestMerchantTransfer:ok');
    renderLeader(<ConfirmReceipt transfer={transfer} win={w.win} />);
    fireEvent.click(screen.getByTestId('confirm-receipt'));
    await waitFor(() => expect(w.calls).toEqual([{ name: 'requestMerchantTransfer', params: transfer }]));
    // The button shows its spinner while the bridge answers, then its label again.
    await waitFor(() => expect(screen.getByTestId('confirm-receipt').textContent).toContain('确认收款'));
  });
});
