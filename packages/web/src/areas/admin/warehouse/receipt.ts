import { ReceivePurchaseOrder } from '@linli/contracts/procurement';
import type { TFunction } from 'i18next';
import { issueText } from '../../../common/validation.ts';
import type { PurchaseOrder, PurchaseOrderLine } from '../purchasing/shared.tsx';

/** What the warehouse types for one line before recording it. */
export interface LineDraft {
  receivedQuantity: number | null;
  rejectedQuantity: number | null;
  lotCode: string;
  expiresOn: string | null;
  acceptOverDelivery: boolean;
}

export const emptyDraft: LineDraft = {
  receivedQuantity: null,
  rejectedQuantity: null,
  lotCode: '',
  expiresOn: null,
  acceptOverDelivery: false,
};

const lineSchema = ReceivePurchaseOrder.shape.lines.element;

/** What the supplier promised on a line: the confirmed quantity, else the ordered one. */
export const expectedOf = (l: PurchaseOrderLine) => l.confirmedQuantity ?? l.orderedQuantity;

/** The server's split of a receipt (receiving rules): rejects go back; good units beyond expected are over, kept only when accepted. */
export function settle(expected: number, received: number, rejected: number, acceptOver: boolean): { accepted: number; over: number } {
  const good = Math.max(0, received - rejected);
  const over = Math.max(0, good - expected);
  return { accepted: acceptOver ? good : good - over, over };
}

/** Lines still open for a receipt (not recorded yet). */
export const openLines = (po: PurchaseOrder) => po.lines.filter((l) => l.receivedQuantity === null);

/**
 * The receipts body for the lines with a received quantity typed, checked with the contract's
 * schema line by line, plus the rule that rejects cannot exceed what was received. Errors are
 * by line id and field.
 */
export function receiptBody(
  po: PurchaseOrder,
  drafts: Record<string, LineDraft>,
  t: TFunction,
): { lines: Array<Record<string, unknown>>; errors: Record<string, Record<string, string>> } {
  const lines: Array<Record<string, unknown>> = [];
  const errors: Record<string, Record<string, string>> = {};
  for (const line of openLines(po)) {
    const d = drafts[line.id];
    if (!d || d.receivedQuantity === null) continue;
    const candidate = {
      lineId: line.id,
      receivedQuantity: d.receivedQuantity,
      rejectedQuantity: d.rejectedQuantity ?? 0,
      lotCode: d.lotCode,
      expiresOn: d.expiresOn,
      acceptOverDelivery: d.acceptOverDelivery,
    };
    const parsed = lineSchema.safeParse(candidate);
    const fieldErrors: Record<string, string> = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '_');
        if (!(key in fieldErrors)) fieldErrors[key] = issueText(t, issue);
      }
    } else if (parsed.data.rejectedQuantity > parsed.data.receivedQuantity) {
      fieldErrors.rejectedQuantity = t('warehouse:form.rejectedTooMany');
    }
    if (Object.keys(fieldErrors).length) errors[line.id] = fieldErrors;
    else lines.push(candidate);
  }
  return { lines, errors };
}

/** Units likely to go short on a received line: demand not covered by what was stocked and what was on hand. */
export const shortfallOf = (l: PurchaseOrderLine) => Math.max(0, l.demandQuantity - (l.acceptedQuantity ?? 0) - l.stockQuantity);

/** Totals of a received purchase order: stocked, rejected and over units, and what the supplier is paid (stocked × cost). */
export function receiptTotals(po: PurchaseOrder) {
  let accepted = 0;
  let rejected = 0;
  let over = 0;
  let payableFen = 0;
  for (const l of po.lines) {
    accepted += l.acceptedQuantity ?? 0;
    rejected += l.rejectedQuantity ?? 0;
    over += l.overQuantity ?? 0;
    payableFen += (l.acceptedQuantity ?? 0) * l.costPriceFen;
  }
  return { accepted, rejected, over, payableFen };
}
