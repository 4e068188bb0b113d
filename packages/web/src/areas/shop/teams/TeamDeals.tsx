import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, NavBar, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { yuan } from '../../../common/format.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { PaySheet } from '../cart/PaySheet.tsx';
import { Countdown } from '../Countdown.tsx';
import { useNow } from '../useNow.ts';
import { type ShopTeamDeal, teamApi, teamKeys } from './teamApi.ts';
import { TeamMembers } from './TeamMembers.tsx';
import { usePayTeamOrder } from './usePayTeamOrder.ts';

/** 拼团: the team buys open now, each with its price and open teams. */
export default function TeamDeals() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const deals = useQuery({ queryKey: teamKeys.deals, queryFn: teamApi.deals });
  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate('/me')}>{t('team.dealsTitle')}</NavBar>
      <main className="ll-content">
        <QueryState query={deals} isEmpty={(d) => d.length === 0} emptyText={t('team.noDeals')}>
          {(items) =>
            items.map((d) => (
              <button
                key={d.id}
                type="button"
                className="ll-card shop-team-deal"
                onClick={() => navigate(`/team-deals/${d.id}`)}
                data-testid="team-deal"
              >
                <b>{d.title}</b>
                <DealPrice deal={d} />
                <span className="ll-muted">{t('team.openTeams', { count: d.openTeams.length })}</span>
              </button>
            ))
          }
        </QueryState>
      </main>
    </div>
  );
}

function DealPrice({ deal }: { deal: ShopTeamDeal }) {
  const { t } = useTranslation('shop');
  return (
    <div className="shop-team-price">
      <span className="shop-team-price-now" data-testid="team-price">
        {yuan(deal.teamPriceFen)}
      </span>
      <s className="ll-muted">{yuan(deal.groupPriceFen)}</s>
      <span className="shop-team-size">{t('team.size', { count: deal.teamSize })}</span>
    </div>
  );
}

/** One team buy: its terms, the teams open to join (members, countdown), and opening my own. */
export function TeamDealPage() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const client = useQueryClient();
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const leaderId = search.get('leader');
  const now = useNow();
  const deal = useQuery({ queryKey: teamKeys.deal(id), queryFn: () => teamApi.deal(id) });
  const order = usePayTeamOrder();
  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate('/team-deals')}>{t('team.dealTitle')}</NavBar>
      <main className="ll-content">
        <QueryState query={deal}>
          {(d) => (
            <>
              <section className="ll-card">
                <h3 style={{ margin: 0 }} data-testid="team-deal-title">
                  {d.title}
                </h3>
                <DealPrice deal={d} />
                <p className="ll-muted">{t('team.rule', { count: d.teamSize, minutes: d.timeLimitMinutes })}</p>
                {d.openerNewcomerOnly && <p className="shop-warn">{t('team.newcomersOnly')}</p>}
                <Countdown until={d.cutoffAt} now={now} />
                {order.error && (
                  <div className="shop-error" data-testid="team-error">
                    {order.error}
                  </div>
                )}
                <Button
                  block
                  color="primary"
                  style={{ marginTop: 12 }}
                  disabled={!d.mayOpen}
                  loading={order.busy}
                  onClick={() => void order.start((key) => teamApi.open(d.id, leaderId, key))}
                  data-testid="team-open"
                >
                  {t('team.open', { price: yuan(d.teamPriceFen) })}
                </Button>
              </section>
              <h4 className="shop-section-title">{t('team.joinOthers')}</h4>
              {d.openTeams.length === 0 && <p className="ll-muted ll-center">{t('team.noOpenTeams')}</p>}
              {d.openTeams.map((team) => (
                <button
                  key={team.id}
                  type="button"
                  className="ll-card shop-team-row"
                  onClick={() => navigate(`/teams/${team.id}${leaderId ? `?leader=${encodeURIComponent(leaderId)}` : ''}`)}
                  data-testid="open-team"
                >
                  <TeamMembers team={team} />
                  <span>{t('team.slotsLeft', { count: team.slotsLeft })}</span>
                  <Countdown until={team.expiresAt} now={now} />
                </button>
              ))}
            </>
          )}
        </QueryState>
      </main>
      <PaySheet
        order={order.paying?.placed.order ?? null}
        payment={order.paying?.payment}
        onClose={order.close}
        onPaid={() => {
          order.close();
          Toast.show({ content: t('team.paidOpen'), icon: 'success' });
          void client.invalidateQueries({ queryKey: teamKeys.mine });
          navigate('/me/teams');
        }}
      />
    </div>
  );
}
