import type * as helpSell from '@linli/contracts/help-sell';
import { useQuery } from '@tanstack/react-query';
import { Button } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { dateTime, yuan } from '../../common/format.ts';
import { ProposalForm } from '../../mobile/help-sell/ProposalForm.tsx';
import { ProposalList } from '../../mobile/help-sell/ProposalList.tsx';
import { QueryState } from '../../mobile/QueryState.tsx';
import { api } from './api.ts';
import { TopBar } from './TopBar.tsx';

type Mine = z.infer<typeof helpSell.SupplierHelpSell>;
const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`;

/**
 * 帮卖: the help-sell campaigns the supplier publishes, with the agreed split, how many leaders
 * resell each, their sales and the supplier's share so far (posted to what the operator owes it).
 * 发起帮卖 proposes one with the supplier's own SKUs, for staff to approve; its proposals follow.
 */
export function HelpSellPage() {
  const { t } = useTranslation('supplier');
  const mine = useQuery({ queryKey: ['supplier-help-sell'], queryFn: () => api.get<Mine>('supplier/help-sell') });
  const [proposing, setProposing] = useState(false);
  return (
    <div className="ll-page sp-page">
      <TopBar title={t('helpSell.title')} />
      <main className="ll-content sp-content">
        <QueryState query={mine}>
          {(m) => (
            <>
              <section className="sp-card sp-balance">
                <span className="sp-muted">{t('helpSell.total')}</span>
                <strong className="sp-balance-amount" data-testid="help-sell-total">
                  {yuan(m.asPublisherFen)}
                </strong>
                <span className="sp-muted">{t('helpSell.hint')}</span>
              </section>
              {m.campaigns.length === 0 && (
                <p className="sp-muted" data-testid="empty">
                  {t('helpSell.none')}
                </p>
              )}
              {m.campaigns.map((c) => (
                <section key={c.campaignId} className="sp-card" data-testid="help-sell-campaign">
                  <div className="sp-row">
                    <strong>{c.title}</strong>
                    <span className="sp-muted">{t(`helpSell.status.${c.status}`)}</span>
                  </div>
                  <p className="sp-muted">
                    {t('helpSell.cutoff', { time: dateTime(c.cutoffAt), pickup: c.pickupDate })} ·{' '}
                    {t('helpSell.split', { seller: pct(c.sellerBp), publisher: pct(c.publisherBp), platform: pct(c.platformBp) })}
                  </p>
                  <p data-testid="help-sell-figures">
                    {t('helpSell.figures', {
                      resellers: c.resellers,
                      sales: yuan(c.earnings.salesFen),
                      share: yuan(c.earnings.asPublisherFen),
                    })}
                  </p>
                </section>
              ))}
            </>
          )}
        </QueryState>
        <Button
          block
          color={proposing ? 'default' : 'primary'}
          style={{ marginBottom: 12 }}
          onClick={() => setProposing((p) => !p)}
          data-testid="help-sell-propose"
        >
          {proposing ? t('common:close') : t('common:proposal.propose')}
        </Button>
        {proposing && <ProposalForm api={api} who="supplier" />}
        <ProposalList api={api} who="supplier" />
      </main>
    </div>
  );
}
