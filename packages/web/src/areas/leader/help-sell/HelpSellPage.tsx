import type * as helpSell from '@linli/contracts/help-sell';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Tag, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { errorText } from '../../../common/i18n.ts';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { ProposalForm } from '../../../mobile/help-sell/ProposalForm.tsx';
import { ProposalList } from '../../../mobile/help-sell/ProposalList.tsx';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api } from '../api.ts';
import { Page } from '../Page.tsx';

type Mine = z.infer<typeof helpSell.LeaderHelpSell>;
type Campaign = Mine['campaigns'][number];

const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`;
const rate = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${Math.round(r * 100)}%`);

/**
 * Me → 帮卖: the help-sell campaigns I may resell to my members (or publish), each with its
 * publisher (and a publishing supplier's scorecard), the agreed split, what I earn per unit, and
 * my opt-in; my help-sell earnings as a reseller and as a publisher (the ledger's amounts).
 * 发起帮卖 proposes a campaign I would publish, for staff to approve; my proposals follow.
 */
export default function HelpSellPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const mine = useQuery({ queryKey: ['leader', 'help-sell'], queryFn: () => api.get<Mine>('leader/help-sell') });
  const [proposing, setProposing] = useState(false);
  const toggle = useMutation({
    mutationFn: (c: Campaign) =>
      c.optedIn
        ? api.delete<Mine>(`leader/help-sell/${encodeURIComponent(c.campaignId)}/resell`)
        : api.put<Mine>(`leader/help-sell/${encodeURIComponent(c.campaignId)}/resell`),
    onSuccess: (m, c) => {
      client.setQueryData(['leader', 'help-sell'], m);
      Toast.show({ content: t(c.optedIn ? 'helpSell.optedOut' : 'helpSell.optedIn') });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: errorText(t, err) }),
  });
  return (
    <Page title={t('helpSell.title')} back>
      <QueryState query={mine}>
        {(m) => (
          <>
            <div className="ll-card">
              <p className="ll-muted">{t('helpSell.intro')}</p>
              <div className="ll-row">
                <span>{t('helpSell.asSeller')}</span>
                <strong data-testid="help-sell-as-seller">{yuan(m.asSellerFen)}</strong>
              </div>
              <div className="ll-row">
                <span>{t('helpSell.asPublisher')}</span>
                <strong data-testid="help-sell-as-publisher">{yuan(m.asPublisherFen)}</strong>
              </div>
            </div>
            {m.campaigns.length === 0 && (
              <div className="ll-muted" style={{ padding: '0 4px' }}>
                {t('helpSell.none')}
              </div>
            )}
            {m.campaigns.map((c) => (
              <div key={c.campaignId} className="ll-card" data-testid="help-sell-campaign">
                <div className="ll-row">
                  <span className="lh-card-title">{c.title}</span>
                  {c.mine ? (
                    <Tag color="primary">{t('helpSell.mine')}</Tag>
                  ) : c.optedIn ? (
                    <Tag color="success">{t('helpSell.reselling')}</Tag>
                  ) : null}
                </div>
                <div className="ll-muted">
                  {t(`helpSell.publisher.${c.publisher.kind}`, { name: c.publisher.name })} ·{' '}
                  {t('helpSell.cutoff', { time: shortDateTime(c.cutoffAt) })}
                </div>
                {c.scorecard && (
                  <div className="ll-muted" data-testid="help-sell-scorecard">
                    {t('helpSell.scorecard', {
                      onTime: rate(c.scorecard.onTimeRate),
                      short: rate(c.scorecard.shortShipRate),
                      rejects: rate(c.scorecard.rejectRate),
                      complaints: c.scorecard.complaints,
                    })}
                  </div>
                )}
                <div className="ll-muted" data-testid="help-sell-split">
                  {t('helpSell.split', { seller: pct(c.sellerBp), publisher: pct(c.publisherBp), platform: pct(c.platformBp) })}
                </div>
                {c.lines.map((l) => (
                  <div key={l.skuId} className="ll-row" data-testid="help-sell-line">
                    <span>
                      {l.title} {yuan(l.groupPriceFen)}
                    </span>
                    <span>{t('helpSell.earnPerUnit', { amount: yuan(l.sellerFen) })}</span>
                  </div>
                ))}
                {(c.earnings.lines > 0 || c.resellers > 0) && (
                  <div className="ll-muted" data-testid="help-sell-earnings">
                    {t('helpSell.earned', {
                      resellers: c.resellers,
                      sales: yuan(c.earnings.salesFen),
                      seller: yuan(c.earnings.asSellerFen),
                      publisher: yuan(c.earnings.asPublisherFen),
                    })}
                  </div>
                )}
                {c.selling && !c.mine && (
                  <div className="ls-buttons">
                    <Button
                      color={c.optedIn ? 'default' : 'primary'}
                      loading={toggle.isPending && toggle.variables?.campaignId === c.campaignId}
                      onClick={() => toggle.mutate(c)}
                      data-testid="help-sell-toggle"
                    >
                      {t(c.optedIn ? 'helpSell.optOut' : 'helpSell.optIn')}
                    </Button>
                  </div>
                )}
              </div>
            ))}
          </>
        )}
      </QueryState>
      <div className="ls-buttons" style={{ marginBottom: 12 }}>
        <Button color={proposing ? 'default' : 'primary'} onClick={() => setProposing((p) => !p)} data-testid="help-sell-propose">
          {proposing ? t('common:close') : t('common:proposal.propose')}
        </Button>
      </div>
      {proposing && <ProposalForm api={api} who="leader" />}
      <ProposalList api={api} who="leader" />
    </Page>
  );
}
