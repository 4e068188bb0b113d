import type * as admin from '@linli/contracts/admin';
import * as aftersales from '@linli/contracts/aftersales';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { yuan, yuanToFen } from '../../../common/format.ts';
import { issueText } from '../../../common/validation.ts';
import { api } from '../api.ts';

export type Claim = z.infer<typeof aftersales.AftersaleCase>;
export type Blame = z.infer<typeof aftersales.CaseBlame>;
export type CaseStatus = z.infer<typeof aftersales.CaseStatus>;
type PickupPoint = z.infer<typeof admin.PickupPoint>;

export const statusColor: Record<CaseStatus, string> = {
  submitted: 'orange',
  approved: 'blue',
  refunded: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

export const blames = aftersales.CaseBlame.options;

/**
 * The operator's pickup points by id, for showing names in lists (the API names points by id
 * only). Read in pages of 200 and kept for five minutes.
 */
export function usePickupPoints() {
  return useQuery({
    queryKey: ['admin', 'pickup-points', 'all'],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const all = new Map<string, PickupPoint>();
      for (let page = 1; page <= 50; page++) {
        const res = await api.get<Page<PickupPoint>>('admin/pickup-points', { page, pageSize: 200 });
        for (const p of res.items) all.set(p.id, p);
        if (res.items.length < 200 || all.size >= res.total) break;
      }
      return all;
    },
  });
}

/** The name of a pickup point, or its id until the names are known (or when staff may not read them). */
export function pointName(points: Map<string, PickupPoint> | undefined, id: string): string {
  return points?.get(id)?.name ?? id;
}

/**
 * An antd rule for a refund typed in yuan: checked, once in fen, with the contract's
 * `ApproveClaim.amountFen` and against what the resident claimed.
 */
export function approveAmountRule(requestedFen: number, t: TFunction) {
  return {
    validator: async (_: unknown, value: unknown) => {
      if (value === undefined || value === null || value === '') throw new Error(t('common:validation.required'));
      const fen = yuanToFen(value as number | string);
      const parsed = aftersales.ApproveClaim.shape.amountFen.unwrap().safeParse(fen);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        // the contract counts in fen; the form in yuan
        throw new Error(issue.code === 'too_small' ? t('common:validation.tooSmall', { min: yuan(1) }) : issueText(t, issue));
      }
      if (fen > requestedFen) throw new Error(t('aftersales:approve.tooMuch', { max: yuan(requestedFen) }));
    },
  };
}
