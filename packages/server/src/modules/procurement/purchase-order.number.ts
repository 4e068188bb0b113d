/**
 * The purchase order's number, the one string people say and write for it: in the purchaser's
 * list, in the supplier's portal and in the Excel sheet (`PO261122-7QK3M2`: the delivery date as
 * YYMMDD, then the last six characters of the id, which are random, upper case). Derived, not
 * stored, so every order ever made has it and no screen formats its own.
 */
export function purchaseOrderNo(id: string, deliveryDate: string): string {
  return `PO${deliveryDate.slice(2).replaceAll('-', '')}-${id.slice(-6).toUpperCase()}`;
}
