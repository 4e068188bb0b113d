import type * as flashsale from '@linli/contracts/flashsale';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, NavBar, ProgressBar, Toast } from 'antd-mobile';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { countdown, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { StateBlock } from '../../../mobile/StateBlock.tsx';
import { api, keys } from '../api.ts';
import { useNow } from '../useNow.ts';
import { useFlashSales } from './useFlashSales.ts';
import './locales.ts';

type Sale = z.infer<typeof flashsale.FlashSale>;

/** A random key per tap, so a retried tap (the network dropped the answer) gets the same order back. */
function attemptKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `tap-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function SaleCard({ sale, now, busy, onGrab }: { sale: Sale; now: number; busy: boolean; onGrab: () => void }) {
  const { t } = useTranslation('flashsale');
  const started = new Date(sale.startsAt).getTime() <= now;
  const ended = sale.state === 'ended' || new Date(sale.endsAt).getTime() <= now;
  const left = countdown(started ? sale.endsAt : sale.startsAt, now);
  const soldOut = sale.left === 0;
  return (
    <section className="ll-card" data-testid="flash-sale">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h3 className="shop-campaign-title">{sale.title}</h3>
        <span className={`shop-countdown${ended ? ' shop-countdown-closed' : ''}`} data-testid="flash-countdown">
          {ended ? t('ended') : `${started ? t('endsIn') : t('startsIn')} ${left?.text ?? ''}`}
        </span>
      </div>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 8, margin: '8px 0' }}>
        <b className="shop-price" style={{ color: '#ff3b30' }} data-testid="flash-price">
          {yuan(sale.priceFen)}
        </b>
        <s className="ll-muted">{yuan(sale.listPriceFen)}</s>
        <span className="ll-muted">{t('limit', { n: sale.perResidentLimit })}</span>
      </div>
      <ProgressBar percent={Math.round(((sale.quantity - sale.left) / sale.quantity) * 100)} />
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 8 }}>
        <span className="ll-muted" data-testid="flash-left">
          {t('left', { left: sale.left, quantity: sale.quantity })}
        </span>
        <Button
          color="danger"
          size="small"
          shape="rounded"
          disabled={!started || ended || soldOut}
          loading={busy}
          onClick={onGrab}
          data-testid="flash-grab"
        >
          {!started ? t('soon') : soldOut ? t('soldOut') : t('grab')}
        </Button>
      </div>
      {started && !ended && soldOut && <div className="ll-muted">{t('returnsHint')}</div>}
    </section>
  );
}

/** 整点秒杀: today's sessions, a countdown on the server's clock, one tap for a unit; a winner goes to pay the order. */
export default function FlashSales() {
  const { t } = useTranslation('flashsale');
  const navigate = useNavigate();
  const client = useQueryClient();
  const list = useFlashSales(3_000);
  const now = useNow(250) + (list.data?.offsetMs ?? 0);
  const keysBySale = useRef(new Map<string, string>());
  const grab = useMutation({
    mutationFn: (saleId: string) => {
      const key = keysBySale.current.get(saleId) ?? attemptKey();
      keysBySale.current.set(saleId, key);
      return api.post<z.infer<typeof flashsale.AttemptWon>>(`shop/flash-sales/${encodeURIComponent(saleId)}/attempts`, { attemptKey: key });
    },
    onSuccess: (won, saleId) => {
      keysBySale.current.delete(saleId);
      Toast.show({ icon: 'success', content: t('won') });
      void client.invalidateQueries({ queryKey: keys.orders });
      navigate(`/orders/${won.order.id}`);
    },
    onError: (err, saleId) => {
      // An answer was given (sold out, the limit): the next tap is a new attempt.
      keysBySale.current.delete(saleId);
      Toast.show({ icon: 'fail', content: errorText(t, err) });
      void list.refetch();
    },
  });
  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate('/')}>{t('title')}</NavBar>
      <main className="ll-content">
        <QueryState query={list}>
          {({ items }) =>
            items.length === 0 ? (
              <StateBlock status="empty" title={t('none')} data-testid="empty" />
            ) : (
              items.map((s) => (
                <SaleCard key={s.id} sale={s} now={now} busy={grab.isPending && grab.variables === s.id} onGrab={() => grab.mutate(s.id)} />
              ))
            )
          }
        </QueryState>
      </main>
    </div>
  );
}
