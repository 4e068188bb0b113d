import type * as logistics from '@linli/contracts/logistics';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Card, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { errorText } from '../../../../common/i18n.ts';
import { LoadError } from '../../../../desktop/LoadError.tsx';
import { api } from '../../api.ts';
import '../../warehouseLocales.ts';

type DeliverySettings = z.infer<typeof logistics.DeliverySettings>;
type Assignment = DeliverySettings['warehouseAssignment'];
const key = ['admin', 'delivery-settings'];

/** The operator's rule for pickup points without a warehouse of their own: the default warehouse or the nearest. */
export function AssignmentCard() {
  const { t } = useTranslation('warehouseAssignment');
  const { message } = App.useApp();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: key, queryFn: () => api.get<DeliverySettings>('admin/delivery-settings') });
  const save = useMutation({
    mutationFn: (warehouseAssignment: Assignment) => api.patch<DeliverySettings>('admin/delivery-settings', { warehouseAssignment }),
    onSuccess: (s) => {
      client.setQueryData(key, s);
      // Which points a warehouse serves changed: its routes' unrouted points, sorting and pick lists.
      void client.invalidateQueries({ queryKey: ['admin', 'routes'] });
      void client.invalidateQueries({ queryKey: ['admin', 'sorting'] });
      message.success(t('saved'));
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  return (
    <Card size="small" title={t('title')}>
      <LoadError query={settings} />
      <Space orientation="vertical" size={8}>
        <Typography.Text type="secondary">{t('hint')}</Typography.Text>
        <Radio.Group
          value={settings.data?.warehouseAssignment}
          disabled={!settings.data || save.isPending}
          onChange={(e) => save.mutate(e.target.value as Assignment)}
          options={[
            { value: 'fixed', label: t('fixed') },
            { value: 'nearest', label: t('nearest') },
          ]}
          data-testid="warehouse-assignment"
        />
      </Space>
    </Card>
  );
}
