import type { CampaignStatus } from '../../platform/db/schema.ts';
import { localDate } from '../../platform/calendar.ts';
import { allows } from '../../platform/state-machine.ts';

/**
 * The campaign lifecycle, the one table of allowed moves:
 * draft → scheduled (publish, opens later) | open (publish, opens now) | cancelled;
 * scheduled → open (its opening time) | draft (unpublish) | cancelled;
 * open → closed (cutoff) | cancelled. Closed and cancelled are final.
 */
export const campaignTransitions: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  draft: ['scheduled', 'open', 'cancelled'],
  scheduled: ['open', 'draft', 'cancelled'],
  open: ['closed', 'cancelled'],
  closed: [],
  cancelled: [],
};

/** Whether a campaign may move from one status to another. */
export const canTransition = (from: CampaignStatus, to: CampaignStatus): boolean => allows(campaignTransitions, from, to);

/** A campaign opens at once when published inside its selling window, else it waits, scheduled. */
export function publishedStatus(now: Date, opensAt: Date): 'scheduled' | 'open' {
  return opensAt.getTime() > now.getTime() ? 'scheduled' : 'open';
}

export interface LineDraft {
  skuId: string;
  groupPriceFen: number;
  stockTotal: number | null;
  perResidentLimit: number | null;
}

/** Everything a campaign is made of, as the merchandiser writes it. */
export interface CampaignDraft {
  title: string;
  description: string;
  opensAt: Date;
  cutoffAt: Date;
  pickupDate: string;
  minTotalQuantity: number;
  leaderScope: 'all' | string[];
  lines: LineDraft[];
}

/** A rule a campaign breaks: `path` names the field, `code` is stable for clients. */
export interface Issue {
  path: string;
  code: string;
  message: string;
}

/** The rules a campaign must keep in any state before publishing; the catalog and leader checks need the database. */
export function draftIssues(draft: CampaignDraft, timeZone: string): Issue[] {
  const issues: Issue[] = [];
  if (draft.cutoffAt.getTime() <= draft.opensAt.getTime()) {
    issues.push({ path: 'cutoffAt', code: 'cutoff_not_after_opening', message: 'the cutoff must come after the opening time' });
  }
  const cutoffDate = localDate(draft.cutoffAt, timeZone);
  if (draft.pickupDate < cutoffDate) {
    issues.push({
      path: 'pickupDate',
      code: 'pickup_before_cutoff',
      message: `the pickup date must be on or after the cutoff's date (${cutoffDate} in ${timeZone})`,
    });
  }
  if (draft.lines.length === 0) issues.push({ path: 'lines', code: 'no_lines', message: 'a campaign sells at least one SKU' });
  const seen = new Set<string>();
  draft.lines.forEach((line, i) => {
    if (seen.has(line.skuId))
      issues.push({ path: `lines.${i}.skuId`, code: 'sku_repeated', message: 'a SKU appears at most once per campaign' });
    seen.add(line.skuId);
    if (!Number.isSafeInteger(line.groupPriceFen) || line.groupPriceFen <= 0) {
      issues.push({
        path: `lines.${i}.groupPriceFen`,
        code: 'price_not_positive',
        message: 'the group price must be a positive number of fen',
      });
    }
    if (line.stockTotal !== null && (!Number.isSafeInteger(line.stockTotal) || line.stockTotal < 0)) {
      issues.push({
        path: `lines.${i}.stockTotal`,
        code: 'stock_negative',
        message: 'stock is a whole number, 0 or more, or null for unlimited',
      });
    }
    if (line.perResidentLimit !== null && (!Number.isSafeInteger(line.perResidentLimit) || line.perResidentLimit < 1)) {
      issues.push({
        path: `lines.${i}.perResidentLimit`,
        code: 'limit_not_positive',
        message: 'the limit per resident is at least 1, or null',
      });
    }
  });
  if (draft.leaderScope !== 'all' && draft.leaderScope.length === 0) {
    issues.push({ path: 'leaderScope', code: 'no_leaders', message: "name at least one leader, or 'all'" });
  }
  return issues;
}

/** What publishing needs beyond a valid draft: time left to sell. */
export function publishIssues(cutoffAt: Date, now: Date): Issue[] {
  if (cutoffAt.getTime() > now.getTime()) return [];
  return [{ path: 'cutoffAt', code: 'cutoff_in_past', message: 'the cutoff has already passed' }];
}

/** A campaign's lines as stored, with what residents have already reserved. */
export interface StoredLine extends LineDraft {
  reserved: number;
}

export interface StoredCampaign extends Omit<CampaignDraft, 'lines'> {
  status: CampaignStatus;
  lines: StoredLine[];
}

export type CampaignPatch = Partial<CampaignDraft>;

/**
 * Which requested changes the campaign's state forbids. Draft and scheduled campaigns have no
 * orders, so anything may change. An open campaign has orders: only what cannot hurt a resident
 * who already ordered may change — the wording, the cutoff (later, or earlier: residents with
 * unpaid orders are told, and paid ones keep what they bought), more stock, more leaders.
 * Fields sent with their current value are not changes. When the new cutoff must lie ahead, see
 * `editCutoffIssues`.
 */
export function editIssues(current: StoredCampaign, patch: CampaignPatch): Issue[] {
  if (current.status === 'draft' || current.status === 'scheduled') return [];
  if (current.status !== 'open')
    return [{ path: 'status', code: 'campaign_final', message: `a ${current.status} campaign cannot be edited` }];
  const issues: Issue[] = [];
  const refuse = (path: string, code: string, message: string) => issues.push({ path, code, message });
  if (patch.opensAt && patch.opensAt.getTime() !== current.opensAt.getTime()) {
    refuse('opensAt', 'field_locked_while_open', 'the opening time of an open campaign cannot change');
  }
  if (patch.pickupDate !== undefined && patch.pickupDate !== current.pickupDate) {
    refuse('pickupDate', 'field_locked_while_open', 'residents have ordered for this pickup date');
  }
  if (patch.minTotalQuantity !== undefined && patch.minTotalQuantity !== current.minTotalQuantity) {
    refuse('minTotalQuantity', 'field_locked_while_open', 'the minimum to succeed cannot change once residents order');
  }
  if (patch.leaderScope !== undefined && !widensScope(current.leaderScope, patch.leaderScope)) {
    refuse('leaderScope', 'leaders_removed', 'leaders can be added to an open campaign, never removed');
  }
  if (patch.lines) issues.push(...openLineIssues(current.lines, patch.lines));
  return issues;
}

/**
 * The time left to sell that an edit must keep: a scheduled campaign's cutoff, moved or not, and
 * an open campaign's cutoff when the edit moves it (earlier or later), must still be ahead. A
 * draft is checked when it is published.
 */
export function editCutoffIssues(current: StoredCampaign, patch: CampaignPatch, now: Date): Issue[] {
  if (current.status === 'scheduled') return publishIssues(patch.cutoffAt ?? current.cutoffAt, now);
  if (current.status === 'open' && patch.cutoffAt && cutoffMove(current, patch) !== 'none') return publishIssues(patch.cutoffAt, now);
  return [];
}

/** Which way an edit moves the cutoff: brought forward, residents who have not paid yet must hear of it. */
export function cutoffMove(current: { cutoffAt: Date }, patch: CampaignPatch): 'earlier' | 'later' | 'none' {
  if (!patch.cutoffAt || patch.cutoffAt.getTime() === current.cutoffAt.getTime()) return 'none';
  return patch.cutoffAt.getTime() < current.cutoffAt.getTime() ? 'earlier' : 'later';
}

function widensScope(current: 'all' | string[], next: 'all' | string[]): boolean {
  if (next === 'all') return true;
  if (current === 'all') return false;
  return current.every((id) => next.includes(id));
}

/** While open, the same SKUs at the same price and limit; stock may only rise, or become unlimited. */
function openLineIssues(current: readonly StoredLine[], next: readonly LineDraft[]): Issue[] {
  const issues: Issue[] = [];
  const nextSkus = new Set(next.map((l) => l.skuId));
  if (next.length !== current.length || current.some((l) => !nextSkus.has(l.skuId))) {
    issues.push({ path: 'lines', code: 'lines_changed_while_open', message: 'SKUs cannot be added to or removed from an open campaign' });
  }
  next.forEach((line, i) => {
    const was = current.find((l) => l.skuId === line.skuId);
    if (!was) return;
    if (line.groupPriceFen !== was.groupPriceFen) {
      issues.push({
        path: `lines.${i}.groupPriceFen`,
        code: 'field_locked_while_open',
        message: 'the group price of an open campaign cannot change',
      });
    }
    if (line.perResidentLimit !== was.perResidentLimit) {
      issues.push({
        path: `lines.${i}.perResidentLimit`,
        code: 'field_locked_while_open',
        message: 'the limit per resident of an open campaign cannot change',
      });
    }
    if (line.stockTotal !== null && (was.stockTotal === null || line.stockTotal < was.stockTotal)) {
      issues.push({
        path: `lines.${i}.stockTotal`,
        code: 'stock_lowered',
        message: `stock of an open campaign may only rise (now ${was.stockTotal ?? 'unlimited'}, ${was.reserved} reserved)`,
      });
    }
  });
  return issues;
}
