import type * as helpSell from '@linli/contracts/help-sell';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Tag, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Api } from '../../common/api.ts';
import { shortDateTime, yuan } from '../../common/format.ts';
import { errorText } from '../../common/i18n.ts';
import { QueryState } from '../QueryState.tsx';
import { proposalKeys } from './ProposalForm.tsx';
import { pct } from './proposal.ts';

type Mine = z.infer<typeof helpSell.MyHelpSellProposals>;
type Proposal = Mine['proposals'][number];

const tagColor = { pending: 'warning', approved: 'success', rejected: 'danger', withdrawn: 'default' } as const;

/** 我的帮卖申请: my proposals with their status — the campaign an approved one became, a rejection's reason — and withdrawing a pending one. */
export function ProposalList({ api, who }: { api: Api; who: 'leader' | 'supplier' }) {
  const { t } = useTranslation('common');
  const client = useQueryClient();
  const key = proposalKeys(who).proposals;
  const mine = useQuery({ queryKey: key, queryFn: () => api.get<Mine>(`${who}/help-sell/proposals`) });
  const withdraw = useMutation({
    mutationFn: (p: Proposal) => api.post<Proposal>(`${who}/help-sell/proposals/${encodeURIComponent(p.id)}/withdraw`),
    onSuccess: () => {
      Toast.show({ content: t('proposal.withdrawn') });
      void client.invalidateQueries({ queryKey: key });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: errorText(t, err) }),
  });
  const confirmWithdraw = (p: Proposal) =>
    void Dialog.confirm({
      content: t('proposal.withdrawConfirm'),
      confirmText: t('confirm'),
      cancelText: t('cancel'),
      onConfirm: () => withdraw.mutate(p),
    });
  return (
    <div data-testid="proposal-list">
      <div className="lp-title" style={{ padding: '0 4px 8px' }}>
        {t('proposal.mine')}
      </div>
      <QueryState query={mine}>
        {(m) => (
          <>
            {m.proposals.length === 0 && <p className="ll-muted">{t('proposal.none')}</p>}
            {m.proposals.map((p) => (
              <div key={p.id} className="ll-card" data-testid="proposal">
                <div className="ll-row">
                  <strong>{p.title}</strong>
                  <Tag color={tagColor[p.status]} data-testid="proposal-status">
                    {t(`proposal.status.${p.status}`)}
                  </Tag>
                </div>
                <div className="ll-muted">
                  {t('proposal.window', { opens: shortDateTime(p.opensAt), cutoff: shortDateTime(p.cutoffAt), pickup: p.pickupDate })}
                </div>
                {p.lines.map((l) => (
                  <div key={l.skuId} className="ll-muted">
                    {t('proposal.lineText', { title: l.title, price: yuan(l.groupPriceFen) })}
                  </div>
                ))}
                <div className="ll-muted" data-testid="proposal-split">
                  {p.agreed
                    ? t('proposal.agreedSplit', {
                        seller: pct(p.agreed.sellerBp),
                        publisher: pct(p.agreed.publisherBp),
                        platform: pct(p.agreed.platformBp),
                      })
                    : t('proposal.proposedSplit', { seller: pct(p.sellerBp), publisher: pct(p.publisherBp) })}
                </div>
                {p.campaignId && <div className="ll-muted">{t('proposal.campaign', { id: p.campaignId })}</div>}
                {p.reason && (
                  <div className="ll-field-error" data-testid="proposal-reason">
                    {t('proposal.reason', { reason: p.reason })}
                  </div>
                )}
                {p.status === 'pending' && (
                  <Button
                    size="small"
                    loading={withdraw.isPending && withdraw.variables?.id === p.id}
                    onClick={() => confirmWithdraw(p)}
                    data-testid="proposal-withdraw"
                  >
                    {t('proposal.withdraw')}
                  </Button>
                )}
              </div>
            ))}
          </>
        )}
      </QueryState>
    </div>
  );
}
