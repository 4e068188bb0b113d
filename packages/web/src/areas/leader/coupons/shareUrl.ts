/** The full address a resident opens: this site's origin and the server's share path (/shop/coupons/claim/…?leader=…). */
export function couponShareUrl(origin: string, sharePath: string): string {
  if (/^https?:\/\//.test(sharePath)) return sharePath;
  return `${origin.replace(/\/+$/, '')}/${sharePath.replace(/^\/+/, '')}`;
}
