import { ReceivePurchaseOrder, type ShortReason } from '@linli/contracts/procurement';
import type { TFunction } from 'i18next';
import { issueText } from '../../../common/validation.ts';
import { addDays, type PurchaseOrder, type PurchaseOrderLine } from '../purchasing/shared.tsx';

/** What the warehouse types for one line before recording it. */
export interface LineDraft {
  receivedQuantity: number | null;
  rejectedQuantity: number | null;
  lotCode: string;
  expiresOn: string | null;
  acceptOverDelivery: boolean;
  /** The reason chosen for a short line; null takes the server's default. */
  shortReason: ShortReason | null;
}

export const emptyDraft: LineDraft = {
  receivedQuantity: null,
  rejectedQuantity: null,
  lotCode: '',
  expiresOn: null,
  acceptOverDelivery: false,
  shortReason: null,
};

const lineSchema = ReceivePurchaseOrder.shape.lines.element;

/** What the supplier promised on a line: the confirmed quantity, else the ordered one. */
export const expectedOf = (l: Pick<PurchaseOrderLine, 'orderedQuantity' | 'confirmedQuantity'>) => l.confirmedQuantity ?? l.orderedQuantity;

/** The server's split of a receipt (receiving rules): rejects go back; good units beyond expected are over, kept only when accepted. */
export function settle(expected: number, received: number, rejected: number, acceptOver: boolean): { accepted: number; over: number } {
  const good = Math.max(0, received - rejected);
  const over = Math.max(0, good - expected);
  return { accepted: acceptOver ? good : good - over, over };
}

/**
 * The reasons the server accepts for a receipt of a line (receiving rules, `shortReasonOf`), and
 * the one it picks without a choice; null when the line is not short (received − rejected reaches
 * what is expected), which takes no reason. The supplier may be blamed for shipping short only
 * when it confirmed the line short itself or units were rejected; for quality only when units
 * were rejected; the warehouse always.
 */
export function shortReasonChoice(
  line: Pick<PurchaseOrderLine, 'orderedQuantity' | 'confirmedQuantity'>,
  received: number,
  rejected: number,
): { reasons: ShortReason[]; preset: ShortReason } | null {
  if (received - rejected >= expectedOf(line)) return null;
  const supplierConfirmedShort = line.confirmedQuantity !== null && line.confirmedQuantity < line.orderedQuantity;
  const reasons: ShortReason[] = [];
  if (supplierConfirmedShort || rejected > 0) reasons.push('supplier_short_shipped');
  if (rejected > 0) reasons.push('rejected_quality');
  reasons.push('warehouse_error', 'damaged_in_warehouse');
  const preset: ShortReason = rejected > 0 ? 'rejected_quality' : supplierConfirmedShort ? 'supplier_short_shipped' : 'warehouse_error';
  return { reasons, preset };
}

/**
 * Whether the warehouse must say why itself (the server's `needsShortReason`): nothing received
 * of a line the supplier promised units of. No reason is preset then: a slip of the keyboard
 * must not empty a line.
 */
export const mustAskWhy = (line: Pick<PurchaseOrderLine, 'orderedQuantity' | 'confirmedQuantity'>, received: number | null) =>
  received === 0 && expectedOf(line) > 0;

/**
 * The reason a draft sends for its line: the one chosen while the server accepts it, else the
 * server's default, except on a line received empty (`mustAskWhy`), which has none until chosen;
 * null when not short.
 */
export function draftShortReason(line: PurchaseOrderLine, d: LineDraft): ShortReason | null {
  if (d.receivedQuantity === null) return null;
  const choice = shortReasonChoice(line, d.receivedQuantity, d.rejectedQuantity ?? 0);
  if (!choice) return null;
  if (d.shortReason && choice.reasons.includes(d.shortReason)) return d.shortReason;
  return mustAskWhy(line, d.receivedQuantity) ? null : choice.preset;
}

/**
 * "Fill as expected" for a line not recorded yet: what is still empty takes what the supplier
 * promised: received = expected, nothing rejected, expiry = delivery date + the product's shelf
 * life. The lot stays as typed; left blank, the server makes one.
 */
export function filledDraft(line: PurchaseOrderLine, deliveryDate: string, d: LineDraft = emptyDraft): LineDraft {
  return {
    ...d,
    receivedQuantity: d.receivedQuantity ?? expectedOf(line),
    rejectedQuantity: d.rejectedQuantity ?? 0,
    expiresOn: d.expiresOn ?? (line.shelfLifeDays ? addDays(deliveryDate, line.shelfLifeDays) : null),
  };
}

/** Lines still open for a receipt (not recorded yet). */
export const openLines = (po: PurchaseOrder) => po.lines.filter((l) => l.receivedQuantity === null);

/**
 * The receipts body for the lines with a received quantity typed, checked with the contract's
 * schema line by line, plus the rule that rejects cannot exceed what was received. A short line
 * carries its reason (`draftShortReason`), a line that is not short none; a line received empty
 * without a reason chosen is an error. A blank lot is left out (the server makes one). Errors are by line id
 * and field.
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
    const shortReason = draftShortReason(line, d);
    const lotCode = d.lotCode.trim();
    const candidate = {
      lineId: line.id,
      receivedQuantity: d.receivedQuantity,
      rejectedQuantity: d.rejectedQuantity ?? 0,
      ...(lotCode ? { lotCode } : {}),
      expiresOn: d.expiresOn,
      acceptOverDelivery: d.acceptOverDelivery,
      ...(shortReason ? { shortReason } : {}),
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
    if (!shortReason && mustAskWhy(line, d.receivedQuantity)) fieldErrors.shortReason = t('warehouse:form.reasonRequired');
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
