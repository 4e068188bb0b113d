import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../common/i18n.ts';
import { newIdempotencyKey } from '../api.ts';
import type { PaymentIntent } from '../types.ts';
import { type TeamOrderPlaced, teamApi } from './teamApi.ts';

/** Places a team order (open or join) and opens the pay sheet for it; one idempotency key per attempt. */
export function usePayTeamOrder() {
  const { t } = useTranslation('shop');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [paying, setPaying] = useState<{ placed: TeamOrderPlaced; payment: PaymentIntent } | null>(null);
  const start = async (place: (key: string) => Promise<TeamOrderPlaced>) => {
    setBusy(true);
    setError(null);
    try {
      const placed = await place(newIdempotencyKey());
      const payment = await teamApi.payment(placed.order.id);
      setPaying({ placed, payment });
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, paying, start, close: () => setPaying(null) };
}
