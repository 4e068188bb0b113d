/** The digits of what was typed or pasted ("123 456" → "123456"), at most six. */
export function normalizeCode(raw: string): string {
  return raw.replace(/\D/g, '').slice(0, 6);
}

/** Why a pickup code cannot be looked up yet, or null when it is six digits. */
export function codeProblem(code: string): 'required' | 'digits' | null {
  if (code.length === 0) return 'required';
  return /^[0-9]{6}$/.test(code) ? null : 'digits';
}

/** Whether a scanned QR code is a resident's pickup QR (linli:pickup:<orderId>:<code>). */
export function isPickupQr(payload: string): boolean {
  return /^linli:pickup:[A-Za-z0-9_]{1,64}:[0-9]{6}$/.test(payload.trim());
}
