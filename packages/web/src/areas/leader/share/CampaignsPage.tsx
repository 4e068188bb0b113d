import { Button, PullToRefresh } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { useCampaigns } from '../api.ts';
import { Page } from '../Page.tsx';
import { CampaignCard } from './CampaignCard.tsx';

/** My campaigns today: open ones first, then those closed earlier today; share one or the whole day. */
export default function CampaignsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const campaigns = useCampaigns();
  return (
    <Page title={t('campaigns.title')} back>
      <PullToRefresh onRefresh={async () => void (await campaigns.refetch())}>
        <QueryState query={campaigns} isEmpty={(items) => items.length === 0} emptyText={t('campaigns.none')}>
          {(items) => (
            <>
              {items.some((c) => c.status === 'open') && (
                <Button block color="primary" className="lc-share-day" onClick={() => navigate('/share/today')} data-testid="share-today">
                  {t('campaigns.shareToday')}
                </Button>
              )}
              {[...items]
                .sort((a, b) => (a.status === b.status ? a.cutoffAt.localeCompare(b.cutoffAt) : a.status === 'open' ? -1 : 1))
                .map((c) => (
                  <CampaignCard key={c.id} campaign={c} lines={4} />
                ))}
            </>
          )}
        </QueryState>
      </PullToRefresh>
    </Page>
  );
}
