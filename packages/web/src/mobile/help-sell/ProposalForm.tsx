import * as helpSell from '@linli/contracts/help-sell';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Api } from '../../common/api.ts';
import { yuan } from '../../common/format.ts';
import { errorText } from '../../common/i18n.ts';
import { validate } from '../../common/validation.ts';
import { emptyProposal, type LineForm, pct, percentToBp, type ProposalForm as Form, proposalBody } from './proposal.ts';

type Skus = z.infer<typeof helpSell.ProposableSkus>;
type Proposal = z.infer<typeof helpSell.HelpSellProposal>;

/** Where each proposal screen keeps its server state. */
export const proposalKeys = (who: 'leader' | 'supplier') => ({
  skus: [who, 'help-sell', 'skus'],
  proposals: [who, 'help-sell', 'proposals'],
});

/**
 * 发起帮卖: a leader or a supplier proposes a help-sell campaign — title, note, the selling window,
 * lines of the SKUs they may propose (a supplier its own) with the group price and limits, and the
 * split — checked against the contract here, by the campaign's rules on the server.
 */
export function ProposalForm({ api, who }: { api: Api; who: 'leader' | 'supplier' }) {
  const { t } = useTranslation('common');
  const client = useQueryClient();
  const keys = proposalKeys(who);
  const skus = useQuery({ queryKey: keys.skus, queryFn: () => api.get<Skus>(`${who}/help-sell/skus`) });
  const [form, setForm] = useState<Form>(emptyProposal);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const setLine = (i: number, patch: Partial<LineForm>) =>
    setForm((f) => ({ ...f, lines: f.lines.map((l, j) => (j === i ? { ...l, ...patch } : l)) }));
  const submit = useMutation({
    mutationFn: (body: helpSell.CreateHelpSellProposal) => api.post<Proposal>(`${who}/help-sell/proposals`, body),
    onSuccess: () => {
      setForm(emptyProposal());
      Toast.show({ content: t('proposal.submitted') });
      void client.invalidateQueries({ queryKey: keys.proposals });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: errorText(t, err) }),
  });
  const send = () => {
    const checked = validate(helpSell.CreateHelpSellProposal, proposalBody(form), t);
    if (!checked.ok) return setErrors(checked.fields);
    setErrors({});
    submit.mutate(checked.value);
  };
  const seller = percentToBp(form.sellerPct);
  const publisher = percentToBp(form.publisherPct);
  const platform = seller !== undefined && publisher !== undefined ? 10_000 - seller - publisher : undefined;
  const skuList = skus.data?.skus ?? [];
  const unused = skuList.filter((s) => !form.lines.some((l) => l.skuId === s.skuId));
  const error = (key: string) =>
    errors[key] ? (
      <div className="ll-field-error" data-testid={`proposal-error-${key}`}>
        {errors[key]}
      </div>
    ) : null;
  const field = (key: 'title' | 'note' | 'opensAt' | 'cutoffAt' | 'pickupDate', type = 'text') => (
    <label className="lp-field">
      <span>{t(`proposal.${key}`)}</span>
      <input type={type} value={form[key]} onChange={(e) => set({ [key]: e.target.value })} data-testid={`proposal-${key}`} />
      {error(key)}
    </label>
  );

  return (
    <div className="ll-card" data-testid="proposal-form">
      <div className="lp-title">{t('proposal.propose')}</div>
      <p className="ll-muted">{t('proposal.intro')}</p>
      {field('title')}
      {field('note')}
      {field('opensAt', 'datetime-local')}
      {field('cutoffAt', 'datetime-local')}
      {field('pickupDate', 'date')}
      <div className="lp-field">
        <span>{t('proposal.lines')}</span>
        {form.lines.map((l, i) => {
          const sku = skuList.find((s) => s.skuId === l.skuId);
          return (
            <div key={l.skuId} className="lp-line" data-testid="proposal-line">
              <div className="ll-row">
                <strong>{sku ? `${sku.productName} ${sku.spec}` : l.skuId}</strong>
                <span className="ll-muted">{sku ? yuan(sku.listPriceFen) : ''}</span>
                <Button size="mini" onClick={() => set({ lines: form.lines.filter((_, j) => j !== i) })}>
                  {t('proposal.remove')}
                </Button>
              </div>
              <input
                inputMode="decimal"
                placeholder={t('proposal.price')}
                aria-label={t('proposal.price')}
                value={l.price}
                onChange={(e) => setLine(i, { price: e.target.value })}
                data-testid="proposal-line-price"
              />
              <input
                inputMode="numeric"
                placeholder={t('proposal.stock')}
                aria-label={t('proposal.stock')}
                value={l.stock}
                onChange={(e) => setLine(i, { stock: e.target.value })}
                data-testid="proposal-line-stock"
              />
              <input
                inputMode="numeric"
                placeholder={t('proposal.limit')}
                aria-label={t('proposal.limit')}
                value={l.limit}
                onChange={(e) => setLine(i, { limit: e.target.value })}
                data-testid="proposal-line-limit"
              />
              {error(`lines.${i}.groupPriceFen`)}
            </div>
          );
        })}
        <select
          value=""
          aria-label={t('proposal.addLine')}
          onChange={(e) => e.target.value && set({ lines: [...form.lines, { skuId: e.target.value, price: '', stock: '', limit: '' }] })}
          data-testid="proposal-add-line"
        >
          <option value="">{t('proposal.pickSku')}</option>
          {unused.map((s) => (
            <option key={s.skuId} value={s.skuId}>
              {s.productName} {s.spec}
            </option>
          ))}
        </select>
        {error('lines')}
      </div>
      <label className="lp-field">
        <span>{t('proposal.sellerPct')}</span>
        <input
          inputMode="decimal"
          value={form.sellerPct}
          onChange={(e) => set({ sellerPct: e.target.value })}
          data-testid="proposal-seller"
        />
        {error('sellerBp')}
      </label>
      <label className="lp-field">
        <span>{t('proposal.publisherPct')}</span>
        <input
          inputMode="decimal"
          value={form.publisherPct}
          onChange={(e) => set({ publisherPct: e.target.value })}
          data-testid="proposal-publisher"
        />
        {error('publisherBp')}
      </label>
      {platform !== undefined && Number.isFinite(platform) && (
        <div className="ll-muted" data-testid="proposal-platform">
          {t('proposal.platformPct', { pct: pct(platform) })}
        </div>
      )}
      <Button block color="primary" loading={submit.isPending} onClick={send} data-testid="proposal-submit">
        {t('proposal.submit')}
      </Button>
    </div>
  );
}
