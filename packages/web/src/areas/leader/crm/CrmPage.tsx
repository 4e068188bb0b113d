import { crm } from '@linli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Selector, Tabs, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page as ApiPage } from '../../../common/api.ts';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { PagedList } from '../../../mobile/PagedList.tsx';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, useMe } from '../api.ts';
import { Page } from '../Page.tsx';
import { displayPhone } from '../phone.ts';
import { shareLink } from '../share/content.ts';
import { copyText } from '../share/copy.ts';
import { pushMessage } from './pushText.ts';

type Segment = z.infer<typeof crm.MemberSegment>;
type Member = z.infer<typeof crm.CrmMember>;
type SegmentPush = z.infer<typeof crm.SegmentPush>;

const segmentColor: Record<Segment, string> = {
  champions: 'danger',
  loyal: 'primary',
  new: 'success',
  at_risk: 'warning',
  lapsed: 'default',
  low_value: 'default',
  regular: 'primary',
};

function SegmentTag({ segment }: { segment: Segment }) {
  const { t } = useTranslation();
  return (
    <Tag color={segmentColor[segment]} fill="outline">
      {t(`crm.segment.${segment}`)}
    </Tag>
  );
}

function PushCard({ push, link }: { push: SegmentPush; link: string }) {
  const { t } = useTranslation();
  const share = async () => {
    const text = pushMessage(
      push,
      link,
      { title: t(`crm.pushTitle.${push.segment}`), cutoff: (time) => t('crm.cutoff', { time }), cta: t('crm.cta') },
      shortDateTime,
    );
    Toast.show({ content: (await copyText(text)) ? t('crm.copied') : t('share.copyFailed') });
  };
  return (
    <div className="ll-card" data-testid="crm-push">
      <div className="ll-row">
        <span>
          <SegmentTag segment={push.segment} /> {t('crm.members', { count: push.members })}
        </span>
      </div>
      <div className="ll-muted">
        {push.categories.length ? t('crm.habits', { categories: push.categories.join('、') }) : t('crm.noHabits')}
      </div>
      {push.lines.length === 0 ? (
        <div className="ll-muted">{t('crm.noLines')}</div>
      ) : (
        <>
          {push.lines.map((l) => (
            <div key={l.campaignLineId} className="ll-row">
              <span>
                {l.productName} <span className="ll-muted">{l.spec}</span>
              </span>
              <span>{yuan(l.groupPriceFen)}</span>
            </div>
          ))}
          <Button block size="small" color="primary" onClick={() => void share()} data-testid="crm-push-share">
            {t('crm.share')}
          </Button>
        </>
      )}
    </div>
  );
}

function Pushes() {
  const { t } = useTranslation();
  const me = useMe();
  const pushes = useQuery({
    queryKey: ['leader', 'crm', 'pushes'],
    queryFn: async () => crm.TodayPushes.parse(await api.get('leader/crm/pushes')).items,
  });
  const point = me.data?.pickupPoints.find((p) => p.status === 'open') ?? me.data?.pickupPoints[0];
  const link = point ? shareLink(window.location.origin, point.id) : window.location.origin;
  return (
    <QueryState query={pushes} isEmpty={(items) => items.length === 0} emptyText={t('crm.noPushes')}>
      {(items) => items.map((p) => <PushCard key={p.segment} push={p} link={link} />)}
    </QueryState>
  );
}

function Reminders() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['leader', 'crm', 'reminders'],
    queryFn: async () => crm.Reminders.parse(await api.get('leader/crm/reminders')),
  });
  const mark = useMutation({
    mutationFn: (v: { residentId: string; reminded: boolean }) => api.put(`leader/crm/reminders/${v.residentId}`, { reminded: v.reminded }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['leader', 'crm', 'reminders'] }),
  });
  return (
    <QueryState query={list} isEmpty={(r) => r.items.length === 0} emptyText={t('crm.noReminders')}>
      {(r) => (
        <>
          <p className="ll-muted">{t('crm.remindHint')}</p>
          {r.items.map((m) => (
            <div key={m.residentId} className="ll-card" data-testid="crm-reminder">
              <div className="ll-row">
                <span>
                  {m.name} <span className="ll-muted">{displayPhone(m.phone)}</span>
                </span>
                <SegmentTag segment={m.segment} />
              </div>
              <div className="ll-muted">
                {t('crm.since', { days: m.recencyDays })}
                {m.topCategories.length ? ` · ${t('crm.habits', { categories: m.topCategories.join('、') })}` : ''}
              </div>
              <Button
                size="small"
                color={m.remindedToday ? 'success' : 'primary'}
                fill={m.remindedToday ? 'outline' : 'solid'}
                loading={mark.isPending && mark.variables?.residentId === m.residentId}
                onClick={() => mark.mutate({ residentId: m.residentId, reminded: !m.remindedToday })}
                data-testid="crm-remind"
              >
                {m.remindedToday ? t('crm.reminded') : t('crm.markReminded')}
              </Button>
            </div>
          ))}
        </>
      )}
    </QueryState>
  );
}

function MemberRow({ m }: { m: Member }) {
  const { t } = useTranslation();
  return (
    <div className="ll-card" data-testid="crm-member">
      <div className="ll-row">
        <span>
          {m.name} <span className="ll-muted">{displayPhone(m.phone)}</span>
        </span>
        <SegmentTag segment={m.segment} />
      </div>
      <div className="ll-row ll-muted">
        <span>{t('crm.rfm', { days: m.recencyDays, orders: m.frequency, amount: yuan(m.monetaryFen) })}</span>
        <span>{`R${m.scores.r} F${m.scores.f} M${m.scores.m}`}</span>
      </div>
      {m.topCategories.length > 0 && <div className="ll-muted">{t('crm.habits', { categories: m.topCategories.join('、') })}</div>}
    </div>
  );
}

function Members() {
  const { t } = useTranslation();
  const [segment, setSegment] = useState<Segment | ''>('');
  const overview = useQuery({ queryKey: ['leader', 'crm'], queryFn: async () => crm.LeaderCrm.parse(await api.get('leader/crm')) });
  return (
    <QueryState query={overview} isEmpty={(o) => o.period === null} emptyText={t('crm.notComputed')}>
      {(o) => (
        <>
          <p className="ll-muted">{t('crm.period', { day: o.period?.period, days: o.period?.windowDays })}</p>
          <Selector
            columns={3}
            options={[
              { label: t('crm.all'), value: '' },
              ...o.segments.map((s) => ({ label: `${t(`crm.segment.${s.segment}`)} ${s.members}`, value: s.segment })),
            ]}
            value={[segment]}
            onChange={(v) => setSegment((v[0] ?? '') as Segment | '')}
            data-testid="crm-segments"
          />
          <PagedList
            queryKey={['leader', 'crm', 'members', segment]}
            fetchPage={(page, pageSize) =>
              api.get<ApiPage<Member>>('leader/crm/members', { page, pageSize, ...(segment ? { segment } : {}) })
            }
            itemKey={(m: Member) => m.residentId}
            render={(m: Member) => <MemberRow m={m} />}
            emptyText={t('crm.noMembers')}
          />
        </>
      )}
    </QueryState>
  );
}

/** My members as a business: what to push today per segment, whom to remind, and every member's RFM. */
export default function CrmPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('crm.title')} back>
      <Tabs defaultActiveKey="pushes">
        <Tabs.Tab title={t('crm.tabs.pushes')} key="pushes">
          <Pushes />
        </Tabs.Tab>
        <Tabs.Tab title={t('crm.tabs.reminders')} key="reminders">
          <Reminders />
        </Tabs.Tab>
        <Tabs.Tab title={t('crm.tabs.members')} key="members">
          <Members />
        </Tabs.Tab>
      </Tabs>
    </Page>
  );
}
