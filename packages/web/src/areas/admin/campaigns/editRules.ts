import type { admin } from '@linli/contracts';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import { businessToday, yuanToFen } from '../../../common/format.ts';

export type Campaign = z.infer<typeof admin.Campaign>;
export type CampaignStatus = Campaign['status'];

/** One line of the form: what the SKU is (shown), and what the merchandiser sets. */
export interface LineValue {
  skuId: string;
  productName: string;
  spec: string;
  unit: string;
  listPriceFen: number;
  groupYuan?: number | null;
  unlimited: boolean;
  stockTotal?: number | null;
  perResidentLimit?: number | null;
  /** Units residents have already ordered (0 for a new line). */
  reserved: number;
}

export interface CampaignValues {
  title: string;
  description?: string;
  opensAt?: Dayjs | null;
  cutoffAt?: Dayjs | null;
  pickupDate?: Dayjs | null;
  minTotalQuantity?: number | null;
  scope: 'all' | 'list';
  leaderIds: string[];
  lines: LineValue[];
}

/**
 * What the server lets change in each state (modules/campaign/campaign.rules.ts, editIssues):
 * draft and scheduled: anything; open: the wording, the cutoff (earlier or later, still ahead), more
 * stock (or unlimited), more leaders; closed and cancelled: nothing.
 */
export interface Locks {
  editable: boolean;
  open: boolean;
  opensAt: boolean;
  pickupDate: boolean;
  minTotalQuantity: boolean;
  /** The cutoff may not move before this (open campaigns: now; earlier than before is allowed). */
  cutoffNotBefore: Dayjs | null;
  /** SKUs, prices and limits fixed; stock may only rise. */
  linesFixed: boolean;
  /** Leaders that cannot be removed ('all' cannot narrow). */
  keptLeaders: 'all' | string[] | null;
}

export function locksFor(campaign: Campaign | undefined, now: Dayjs = dayjs()): Locks {
  const status = campaign?.status ?? 'draft';
  const open = status === 'open';
  return {
    editable: status === 'draft' || status === 'scheduled' || open,
    open,
    opensAt: open,
    pickupDate: open,
    minTotalQuantity: open,
    cutoffNotBefore: open ? now : null,
    linesFixed: open,
    keptLeaders: open && campaign ? campaign.leaderScope : null,
  };
}

/** The form's values for a new campaign (opening now, cutoff at 22:00, pickup the next day) or an existing one. */
export function initialValues(campaign: Campaign | undefined, now: Dayjs = dayjs()): CampaignValues {
  if (!campaign) {
    const cutoff =
      now.hour() < 21 ? now.hour(22).minute(0).second(0).millisecond(0) : now.add(1, 'day').hour(22).minute(0).second(0).millisecond(0);
    return {
      title: '',
      description: '',
      opensAt: now.second(0).millisecond(0),
      cutoffAt: cutoff,
      pickupDate: cutoff.add(1, 'day').startOf('day'),
      minTotalQuantity: 0,
      scope: 'all',
      leaderIds: [],
      lines: [],
    };
  }
  return {
    title: campaign.title,
    description: campaign.description,
    opensAt: dayjs(campaign.opensAt),
    cutoffAt: dayjs(campaign.cutoffAt),
    pickupDate: dayjs(campaign.pickupDate),
    minTotalQuantity: campaign.minTotalQuantity,
    scope: campaign.leaderScope === 'all' ? 'all' : 'list',
    leaderIds: campaign.leaderScope === 'all' ? [] : campaign.leaderScope,
    lines: campaign.lines.map((l) => ({
      skuId: l.skuId,
      productName: l.productName,
      spec: l.spec,
      unit: l.unit,
      listPriceFen: l.listPriceFen,
      groupYuan: l.groupPriceFen / 100,
      unlimited: l.stockTotal === null,
      stockTotal: l.stockTotal,
      perResidentLimit: l.perResidentLimit,
      reserved: l.reserved,
    })),
  };
}

const lineInput = (l: LineValue): admin.CampaignLineInput => ({
  skuId: l.skuId,
  groupPriceFen: yuanToFen(l.groupYuan ?? Number.NaN),
  stockTotal: l.unlimited ? null : (l.stockTotal ?? null),
  perResidentLimit: l.perResidentLimit ?? null,
});

/** The request body of a new campaign: instants as ISO timestamps, the pickup day as a date, prices in fen. */
export function createBody(v: CampaignValues): admin.CreateCampaign {
  return {
    title: v.title.trim(),
    description: v.description ?? '',
    opensAt: v.opensAt?.toISOString() ?? '',
    cutoffAt: v.cutoffAt?.toISOString() ?? '',
    pickupDate: v.pickupDate?.format('YYYY-MM-DD') ?? '',
    minTotalQuantity: v.minTotalQuantity ?? 0,
    leaderScope: v.scope === 'all' ? 'all' : v.leaderIds,
    lines: v.lines.map(lineInput),
  };
}

/**
 * The edit of an existing campaign: everything for a draft or scheduled one; for an open one
 * only what may change, and only when it changed (the server refuses the rest).
 */
export function updateBody(v: CampaignValues, campaign: Campaign): admin.UpdateCampaign {
  const all = createBody(v);
  if (campaign.status !== 'open')
    return {
      ...all,
      minTotalQuantity: all.minTotalQuantity ?? 0,
      description: all.description ?? '',
      leaderScope: all.leaderScope ?? 'all',
    };
  const patch: admin.UpdateCampaign = { title: all.title, description: all.description ?? '' };
  if (Date.parse(all.cutoffAt) !== Date.parse(campaign.cutoffAt)) patch.cutoffAt = all.cutoffAt;
  if (JSON.stringify(all.leaderScope) !== JSON.stringify(campaign.leaderScope)) patch.leaderScope = all.leaderScope;
  const stockChanged = all.lines.some((l) => campaign.lines.find((c) => c.skuId === l.skuId)?.stockTotal !== l.stockTotal);
  if (stockChanged) patch.lines = all.lines;
  return patch;
}

export interface FormIssue {
  name: (string | number)[];
  key: string;
}

/** The rules that span fields (campaign.rules.ts draftIssues), checked before asking the server. */
export function crossIssues(v: CampaignValues): FormIssue[] {
  const issues: FormIssue[] = [];
  if (v.opensAt && v.cutoffAt && !v.cutoffAt.isAfter(v.opensAt)) issues.push({ name: ['cutoffAt'], key: 'rule.cutoffAfterOpen' });
  if (v.cutoffAt && v.pickupDate && v.pickupDate.format('YYYY-MM-DD') < businessToday(v.cutoffAt.toDate()))
    issues.push({ name: ['pickupDate'], key: 'rule.pickupAfterCutoff' });
  if (v.lines.length === 0) issues.push({ name: ['lines'], key: 'rule.noLines' });
  return issues;
}

const lineFields: Record<string, string> = {
  groupPriceFen: 'groupYuan',
  stockTotal: 'stockTotal',
  perResidentLimit: 'perResidentLimit',
  skuId: 'groupYuan',
};

/** The form field a server issue names ('body.lines.2.groupPriceFen' → ['lines', 2, 'groupYuan']), or null for the whole form. */
export function fieldOfIssue(path: string): (string | number)[] | null {
  const parts = path.replace(/^body\.?/, '').split('.');
  const [head, index, field] = parts;
  if (head === 'lines') return index !== undefined && field ? ['lines', Number(index), lineFields[field] ?? 'groupYuan'] : ['lines'];
  if (head === 'leaderScope') return ['leaderIds'];
  if (head && ['title', 'description', 'opensAt', 'cutoffAt', 'pickupDate', 'minTotalQuantity'].includes(head)) return [head];
  return null;
}
