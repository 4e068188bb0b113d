import { useQuery } from '@tanstack/react-query';
import { Button, NavBar, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { Countdown } from '../Countdown.tsx';
import { useNow } from '../useNow.ts';
import { teamApi, teamKeys } from './teamApi.ts';
import { TeamMembers } from './TeamMembers.tsx';

/** My team orders, newest first: each with its team (members, countdown) and where my money stands. */
export default function MyTeams() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const now = useNow();
  const mine = useQuery({ queryKey: teamKeys.mine, queryFn: teamApi.mine, refetchInterval: 10_000 });
  return (
    <div className="ll-page">
      <NavBar
        onBack={() => navigate('/me')}
        right={
          <Button size="mini" fill="none" onClick={() => navigate('/team-deals')}>
            {t('team.dealsTitle')}
          </Button>
        }
      >
        {t('team.mineTitle')}
      </NavBar>
      <main className="ll-content">
        <QueryState query={mine} isEmpty={(m) => m.length === 0} emptyText={t('team.noneMine')}>
          {(items) =>
            items.map((o) => (
              <button
                key={o.orderId}
                type="button"
                className="ll-card shop-team-row"
                onClick={() => (o.teamId ? navigate(`/teams/${o.teamId}`) : navigate(`/orders/${o.orderId}`))}
                data-testid="my-team"
                data-state={o.state}
              >
                <div className="ll-row">
                  <b>{o.dealTitle}</b>
                  <Tag color={o.state === 'refunded' || o.state === 'cancelled' ? 'default' : 'primary'} data-testid="my-team-state">
                    {o.team && o.state === 'member' ? t(`team.states.${o.team.state}`) : t(`team.myOrder.${o.state}`)}
                  </Tag>
                </div>
                {o.team && <TeamMembers team={o.team} />}
                {o.team?.state === 'open' && <Countdown until={o.team.expiresAt} now={now} />}
              </button>
            ))
          }
        </QueryState>
      </main>
    </div>
  );
}
