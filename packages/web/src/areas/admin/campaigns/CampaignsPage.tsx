import { Navigate, Route, Routes } from 'react-router';
import { CampaignDetail } from './CampaignDetail.tsx';
import { CampaignForm } from './CampaignForm.tsx';
import { CampaignList } from './CampaignList.tsx';
import { ProposalQueue } from './ProposalQueue.tsx';
import './locales.ts';

/** Campaigns: the list, a new one, the 帮卖 proposals to decide, one campaign, its edit (/admin/campaigns/...). */
export default function CampaignsPage() {
  return (
    <Routes>
      <Route index element={<CampaignList />} />
      <Route path="new" element={<CampaignForm />} />
      <Route path="proposals" element={<ProposalQueue />} />
      <Route path=":id" element={<CampaignDetail />} />
      <Route path=":id/edit" element={<CampaignForm />} />
      <Route path="*" element={<Navigate to="/campaigns" replace />} />
    </Routes>
  );
}
