import { Button, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { shortDateTime, yuan } from '../../../common/format.ts';
import type { Campaign } from '../api.ts';
import { topLines } from './content.ts';

/** One campaign as the leader sells it: when it closes, what sold at my points, its best lines, share. */
export function CampaignCard({ campaign: c, lines = 3 }: { campaign: Campaign; lines?: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const open = c.status === 'open';
  return (
    <div className="ll-card" data-testid="campaign-card">
      <div className="ll-row">
        <div className="lc-title">{c.title}</div>
        <Tag color={open ? 'success' : 'default'} fill="outline">
          {open ? t('campaigns.open') : t('campaigns.closed')}
        </Tag>
      </div>
      <div className="ll-muted lc-facts">
        {t('campaigns.cutoff', { time: shortDateTime(c.cutoffAt) })} · {t('campaigns.pickup', { date: c.pickupDate.slice(5) })}
      </div>
      {topLines(c.lines, lines).map((l) => (
        <div key={l.id} className="ll-row lc-line">
          <span className="lc-line-name">
            {l.productName} <span className="ll-muted">{l.spec}</span>
          </span>
          <span>
            <span className="ll-price">{yuan(l.groupPriceFen)}</span>
            {l.listPriceFen > l.groupPriceFen && <span className="ll-price-list">{yuan(l.listPriceFen)}</span>}
          </span>
        </div>
      ))}
      {c.lines.length > lines && <div className="ll-muted">{t('campaigns.moreLines', { count: c.lines.length - lines })}</div>}
      <div className="ll-row lc-foot">
        <button type="button" className="lc-stats" onClick={() => navigate(`/orders?campaignId=${encodeURIComponent(c.id)}`)}>
          {t('campaigns.stats', { orders: c.orders, quantity: c.soldQuantity, sales: yuan(c.salesFen) })} ›
        </button>
        <Button size="small" color="primary" onClick={() => navigate(`/share/${encodeURIComponent(c.id)}`)} data-testid="campaign-share">
          {t('campaigns.share')}
        </Button>
      </div>
    </div>
  );
}
