import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import './locales.ts';
import { useCan } from '../permissions.ts';
import { ClaimsTab } from './ClaimsTab.tsx';
import { SettingsTab } from './SettingsTab.tsx';
import { UnpickedTab } from './UnpickedTab.tsx';

const tabs = ['claims', 'unpicked', 'settings'] as const;

/** After-sales (support): the claims queue, unpicked orders and the rules; the tab is kept in the URL. */
export default function AftersalesPage() {
  const { t } = useTranslation('aftersales');
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const shown = tabs.filter((k) => can(`aftersales.${k}`));
  const tab = shown.find((k) => k === params.get('tab')) ?? shown[0];
  return (
    <Tabs
      activeKey={tab}
      onChange={(k) => setParams({ tab: k }, { replace: true })}
      destroyOnHidden
      items={[
        { key: 'claims', label: t('tabs.claims'), children: <ClaimsTab /> },
        { key: 'unpicked', label: t('tabs.unpicked'), children: <UnpickedTab /> },
        { key: 'settings', label: t('tabs.settings'), children: <SettingsTab /> },
      ].filter((item) => shown.includes(item.key as (typeof tabs)[number]))}
    />
  );
}
