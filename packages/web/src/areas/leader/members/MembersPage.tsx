import * as web from '@linli/contracts/web';
import { SearchBar, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Page as ApiPage } from '../../../common/api.ts';
import { yuan } from '../../../common/format.ts';
import { validate } from '../../../common/validation.ts';
import { PagedList } from '../../../mobile/PagedList.tsx';
import { api, type Member } from '../api.ts';
import { Page } from '../Page.tsx';
import { displayPhone } from '../phone.ts';
import { frequency } from './frequency.ts';

const frequencyColor = { frequent: 'danger', regular: 'primary', lapsing: 'warning', lapsed: 'default' } as const;

function MemberRow({ member: m }: { member: Member }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const f = frequency(m, Date.now());
  const days = Math.max(0, Math.floor((Date.now() - Date.parse(m.lastOrderAt)) / 86_400_000));
  const open = () => {
    const q = new URLSearchParams({ residentId: m.residentId, name: m.name, phone: m.phone });
    navigate(`/orders?${q}`);
  };
  return (
    <button type="button" className="ll-card lm-row" onClick={open} data-testid="member-row">
      <div className="ll-row">
        <span className="lo-who">
          {m.name} <span className="ll-muted">{displayPhone(m.phone)}</span>
        </span>
        <Tag color={frequencyColor[f]} fill="outline">
          {t(`members.frequency.${f}`)}
        </Tag>
      </div>
      <div className="ll-row ll-muted">
        <span>{t('members.orders', { total: m.orders, recent: m.ordersLast30Days })}</span>
        <span>{t('members.spent', { amount: yuan(m.totalSpentFen) })}</span>
      </div>
      <div className="ll-muted">{days === 0 ? t('members.lastOrderToday') : t('members.lastOrder', { days })}</div>
    </button>
  );
}

/** My members (residents who ordered at my points) with how often they buy; search by name or phone digits. */
export default function MembersPage() {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const [error, setError] = useState<string | null>(null);
  const search = (value: string) => {
    const text = value.trim();
    if (!text) {
      setError(null);
      return setQ('');
    }
    const checked = validate(web.LeaderMemberQuery, { q: text }, t);
    if (!checked.ok) return setError(Object.values(checked.fields)[0] ?? null);
    setError(null);
    setQ(text);
  };
  return (
    <Page title={t('members.title')} back>
      <SearchBar
        placeholder={t('members.search')}
        value={input}
        onChange={setInput}
        onSearch={search}
        onClear={() => search('')}
        data-testid="members-search"
      />
      {error && <div className="ll-field-error">{error}</div>}
      <p className="ll-muted">{t('members.hint')}</p>
      <PagedList
        queryKey={['leader', 'members', q]}
        fetchPage={(page, pageSize) => api.get<ApiPage<Member>>('leader/members', { q, page, pageSize })}
        itemKey={(m) => m.residentId}
        render={(m) => <MemberRow member={m} />}
        emptyText={q ? t('members.noMatch') : t('members.none')}
      />
    </Page>
  );
}
