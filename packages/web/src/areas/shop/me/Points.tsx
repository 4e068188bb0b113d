import type { points } from '@linli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, List, NavBar, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { shortDateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api } from '../api.ts';
import { PointsOffers } from './PointsOffers.tsx';

type MyPoints = z.infer<typeof points.MyPoints>;
type Calendar = z.infer<typeof points.SignInCalendar>;
type History = z.infer<typeof points.PointsHistory>;
type SignInResult = z.infer<typeof points.SignInResult>;

const keys = {
  mine: ['shop', 'points'] as const,
  calendar: (month: string) => ['shop', 'points', 'sign-ins', month] as const,
  history: (page: number) => ['shop', 'points', 'history', page] as const,
};
const PAGE_SIZE = 20;

/** The month before or after 'YYYY-MM'. */
function shiftMonth(month: string, by: number): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + by);
  return d.toISOString().slice(0, 7);
}

/** The month's days as weeks of seven (Monday first), blanks before the 1st and after the last. */
function weeksOf(month: string): Array<Array<string | null>> {
  const first = new Date(`${month}-01T00:00:00Z`);
  const cells: Array<string | null> = Array.from({ length: (first.getUTCDay() + 6) % 7 }, () => null);
  for (const d = new Date(first); d.toISOString().startsWith(month); d.setUTCDate(d.getUTCDate() + 1)) {
    cells.push(d.toISOString().slice(0, 10));
  }
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: Array<Array<string | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

function SignInCalendar({ month, onMonth }: { month: string | null; onMonth: (m: string) => void }) {
  const { t } = useTranslation('shop');
  const client = useQueryClient();
  const calendar = useQuery({
    queryKey: keys.calendar(month ?? 'current'),
    queryFn: () => api.get<Calendar>('shop/points/sign-ins', month ? { month } : {}),
  });
  const signIn = useMutation({
    mutationFn: () => api.post<SignInResult>('shop/points/sign-ins', {}),
    onSuccess: (r) => {
      Toast.show({
        icon: 'success',
        content:
          r.bonus > 0
            ? t('loyalty.signedInBonus', { points: r.points, bonus: r.bonus, streak: r.streak })
            : t('loyalty.signedIn', { points: r.points }),
      });
      void client.invalidateQueries({ queryKey: keys.mine });
      void client.invalidateQueries({ queryKey: ['shop', 'points', 'sign-ins'] });
      void client.invalidateQueries({ queryKey: ['shop', 'points', 'history'] });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: errorText(t, err) }),
  });
  return (
    <QueryState query={calendar}>
      {(c) => {
        const signed = new Map(c.days.map((d) => [d.day, d]));
        const weekdays = t('loyalty.weekdays').split(',');
        return (
          <List mode="card" header={t('loyalty.signInTitle')}>
            <List.Item
              description={t('loyalty.rules', {
                points: c.signInPoints,
                bonuses: c.streakBonuses.map((b) => t('loyalty.bonusRule', { day: b.day, points: b.points })).join('，') || '—',
              })}
              extra={
                <Button
                  color="primary"
                  size="small"
                  disabled={c.signedInToday}
                  loading={signIn.isPending}
                  onClick={() => signIn.mutate()}
                  data-testid="points-sign-in"
                >
                  {c.signedInToday ? t('loyalty.signedInToday') : t('loyalty.signIn')}
                </Button>
              }
            >
              <span data-testid="points-streak">{t('loyalty.streak', { count: c.streak })}</span>
            </List.Item>
            <List.Item>
              <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
                <Button size="mini" fill="none" onClick={() => onMonth(shiftMonth(c.month, -1))} aria-label={t('loyalty.previousMonth')}>
                  ‹
                </Button>
                <strong>{c.month}</strong>
                <Button
                  size="mini"
                  fill="none"
                  disabled={c.month >= c.today.slice(0, 7)}
                  onClick={() => onMonth(shiftMonth(c.month, 1))}
                  aria-label={t('loyalty.nextMonth')}
                >
                  ›
                </Button>
              </div>
              <table style={{ width: '100%', textAlign: 'center', borderCollapse: 'collapse' }} data-testid="points-calendar">
                <thead>
                  <tr>
                    {weekdays.map((w) => (
                      <th key={w} className="ll-muted" style={{ fontWeight: 400, fontSize: 12 }}>
                        {w}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {weeksOf(c.month).map((week) => (
                    <tr key={week.find((d) => d) ?? 'blank'}>
                      {week.map((day, i) => {
                        const s = day ? signed.get(day) : undefined;
                        return (
                          <td
                            // biome-ignore lint/suspicious/noArrayIndexKey: a week's cells are its seven weekdays
                            key={i}
                            style={{
                              padding: 4,
                              borderRadius: 6,
                              background: s ? 'var(--adm-color-primary)' : undefined,
                              color: s ? '#fff' : day === c.today ? 'var(--adm-color-primary)' : undefined,
                              fontWeight: day === c.today ? 600 : 400,
                            }}
                            title={s ? t('loyalty.dayEarned', { points: s.points + s.bonus }) : undefined}
                            data-testid={s ? 'points-signed-day' : undefined}
                          >
                            {day ? Number(day.slice(8)) : ''}
                            {s && s.bonus > 0 ? '★' : ''}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </List.Item>
          </List>
        );
      }}
    </QueryState>
  );
}

function PointsHistory() {
  const { t } = useTranslation('shop');
  const [page, setPage] = useState(1);
  const history = useQuery({
    queryKey: keys.history(page),
    queryFn: () => api.get<History>('shop/points/history', { page: String(page), pageSize: String(PAGE_SIZE) }),
  });
  return (
    <List mode="card" header={t('loyalty.history')}>
      <QueryState query={history} isEmpty={(h) => h.items.length === 0} emptyText={t('loyalty.noHistory')}>
        {(h) => (
          <>
            {h.items.map((e) => (
              <List.Item
                key={e.id}
                description={`${shortDateTime(e.at)}${e.note ? ` · ${e.note}` : ''}`}
                extra={
                  <span style={{ color: e.delta > 0 ? 'var(--adm-color-danger)' : undefined, fontWeight: 600 }}>
                    {e.delta > 0 ? `+${e.delta}` : e.delta}
                  </span>
                }
                data-testid="points-entry"
              >
                {t(`loyalty.reasons.${e.reason}`)}
              </List.Item>
            ))}
            {h.total > PAGE_SIZE && (
              <List.Item>
                <div style={{ display: 'flex', justifyContent: 'space-between' }}>
                  <Button size="mini" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                    {t('loyalty.newer')}
                  </Button>
                  <Button size="mini" disabled={page * PAGE_SIZE >= h.total} onClick={() => setPage(page + 1)}>
                    {t('loyalty.older')}
                  </Button>
                </div>
              </List.Item>
            )}
          </>
        )}
      </QueryState>
    </List>
  );
}

/** My points (积分): the balance, what expires when, what points buy (积分兑换), the sign-in calendar (签到) and the history. */
export default function Points() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const [month, setMonth] = useState<string | null>(null);
  const mine = useQuery({ queryKey: keys.mine, queryFn: () => api.get<MyPoints>('shop/points') });
  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate('/me')}>{t('loyalty.title')}</NavBar>
      <main className="ll-content" style={{ padding: '0 0 88px' }}>
        <QueryState query={mine}>
          {(m) => (
            <List mode="card">
              <List.Item
                description={m.enabled ? t('loyalty.balanceHint') : t('loyalty.off')}
                extra={
                  <span style={{ fontSize: 28, fontWeight: 700 }} data-testid="points-balance">
                    {m.balance}
                  </span>
                }
              >
                {t('loyalty.balance')}
              </List.Item>
              {m.expiring.length > 0 && (
                <List.Item
                  description={m.expiring.map((e) => t('loyalty.expiresOn', { points: e.points, date: e.date })).join('；')}
                  data-testid="points-expiring"
                >
                  {t('loyalty.expiringSoon', { points: m.expiringSoonPoints })}
                </List.Item>
              )}
            </List>
          )}
        </QueryState>
        {mine.data?.enabled && <PointsOffers balance={mine.data.balance} />}
        {mine.data?.enabled !== false && <SignInCalendar month={month} onMonth={setMonth} />}
        <PointsHistory />
      </main>
    </div>
  );
}
