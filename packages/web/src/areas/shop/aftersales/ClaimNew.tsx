import { useQuery, useQueryClient } from '@tanstack/react-query';
import { NavBar, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, keys } from '../api.ts';
import type { Order } from '../types.ts';
import { type ClaimBody, ClaimForm } from './ClaimForm.tsx';
import { downscale } from './downscale.ts';

const uploadPhoto = async (file: File) => {
  const { url } = await api.upload(await downscale(file));
  return { url };
};

/** File an after-sales claim on a line of a delivered or picked-up order. */
export default function ClaimNew() {
  const { t } = useTranslation('shop');
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const order = useQuery({ queryKey: keys.order(id), queryFn: () => api.get<Order>(`shop/orders/${id}`) });
  const [error, setError] = useState<string | null>(null);

  const submit = async (body: ClaimBody) => {
    setError(null);
    try {
      await api.post('shop/aftersales', body);
      await client.invalidateQueries({ queryKey: keys.claims });
      Toast.show({ content: t('claim.submitted'), icon: 'success' });
      navigate('/aftersales', { replace: true });
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate(-1)}>{t('claim.title')}</NavBar>
      <main className="ll-content" style={{ padding: '0 0 120px' }}>
        <QueryState query={order}>
          {(o) => <ClaimForm order={o} lineId={search.get('line')} upload={uploadPhoto} onSubmit={submit} error={error} />}
        </QueryState>
      </main>
    </div>
  );
}
