/** What WeChat's page bridge takes to show a transfer's confirmation (商家转账 requestMerchantTransfer). */
export interface MerchantTransfer {
  mchId: string;
  appId: string;
  package: string;
}

interface Bridge {
  invoke(name: string, params: Record<string, string>, callback: (res: { err_msg?: string }) => void): void;
}

export type MerchantTransferOutcome = 'ok' | 'cancel' | 'fail';

/** WeChat's built-in browser says so in its user agent; only there can a leader accept a transfer. */
export function inWechat(userAgent: string): boolean {
  return /MicroMessenger/i.test(userAgent);
}

/** `err_msg` of the bridge's answer as an outcome: `requestMerchantTransfer:ok`, `…:cancel`, anything else a failure. */
export function transferOutcome(errMsg: string | undefined): MerchantTransferOutcome {
  if (errMsg === 'requestMerchantTransfer:ok') return 'ok';
  if (errMsg === 'requestMerchantTransfer:cancel') return 'cancel';
  return 'fail';
}

/**
 * Asks WeChat to show the transfer's confirmation page to the leader (WeixinJSBridge
 * `requestMerchantTransfer` with the merchant id, app id and the transfer's package), once the
 * bridge is ready; resolves with what the leader did. WeChat Pay's notification tells linli the end.
 */
export function requestMerchantTransfer(win: Window, transfer: MerchantTransfer): Promise<MerchantTransferOutcome> {
  const bridgeOf = () => (win as Window & { WeixinJSBridge?: Bridge }).WeixinJSBridge;
  const ask = (bridge: Bridge) =>
    new Promise<MerchantTransferOutcome>((resolve) =>
      bridge.invoke('requestMerchantTransfer', { mchId: transfer.mchId, appId: transfer.appId, package: transfer.package }, (res) =>
        resolve(transferOutcome(res?.err_msg)),
      ),
    );
  const ready = bridgeOf();
  if (ready) return ask(ready);
  return new Promise((resolve) => {
    win.document.addEventListener(
      'WeixinJSBridgeReady',
      () => {
        const bridge = bridgeOf();
        resolve(bridge ? ask(bridge) : 'fail');
      },
      { once: true },
    );
  });
}
