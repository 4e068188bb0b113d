import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import './locales.ts';
import { AccountsTab } from './AccountsTab.tsx';
import { JournalTab } from './JournalTab.tsx';
import { PnlTab } from './PnlTab.tsx';
import { PolicyTab } from './PolicyTab.tsx';
import { ProviderBillTab } from './ProviderBillTab.tsx';
import { ReconciliationTab } from './ReconciliationTab.tsx';
import { StatementsTab } from './StatementsTab.tsx';
import { WithdrawalsTab } from './WithdrawalsTab.tsx';

const tabs = {
  withdrawals: WithdrawalsTab,
  pnl: PnlTab,
  accounts: AccountsTab,
  statements: StatementsTab,
  journal: JournalTab,
  reconciliation: ReconciliationTab,
  providerBill: ProviderBillTab,
  policy: PolicyTab,
} as const;
type Tab = keyof typeof tabs;

/** Finance: withdrawals to approve, the daily P&L, balances, statements, the journal, reconciliation, the payment provider's bill and the settlement policy. The tab (and its choices) live in the URL. */
export default function FinancePage() {
  const { t } = useTranslation('finance');
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: Tab = asked && asked in tabs ? (asked as Tab) : 'withdrawals';
  return (
    <Tabs
      activeKey={tab}
      onChange={(k) => setParams({ tab: k })}
      destroyOnHidden
      items={(Object.keys(tabs) as Tab[]).map((key) => {
        const Page = tabs[key];
        return { key, label: t(`tabs.${key}`), children: <Page /> };
      })}
    />
  );
}
