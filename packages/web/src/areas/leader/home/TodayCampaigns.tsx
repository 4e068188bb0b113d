import type { UseQueryResult } from '@tanstack/react-query';
import { Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { QueryState } from '../../../mobile/QueryState.tsx';
import type { Campaign } from '../api.ts';
import { CampaignCard } from '../share/CampaignCard.tsx';

/** The first campaigns open today, with a way to share the whole day. */
export function TodayCampaigns({ query }: { query: UseQueryResult<Campaign[]> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <section>
      <div className="ll-row lh-section-title">
        <span>{t('home.todayCampaigns')}</span>
        <Button size="mini" fill="none" color="primary" onClick={() => navigate('/campaigns')} data-testid="home-campaigns">
          {t('home.allCampaigns')} ›
        </Button>
      </div>
      <QueryState query={query} isEmpty={(items) => items.length === 0} emptyText={t('campaigns.none')}>
        {(items) => (
          <>
            {items.slice(0, 2).map((c) => (
              <CampaignCard key={c.id} campaign={c} lines={2} />
            ))}
            <Button block color="primary" onClick={() => navigate('/share/today')} data-testid="share-today">
              {t('campaigns.shareToday')}
            </Button>
          </>
        )}
      </QueryState>
    </section>
  );
}
