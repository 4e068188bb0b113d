import { maskPhone } from '../../common/format.ts';

/** A member's phone as the leader sees it: 138****1234 (the API masks it; a full number is masked here too). */
export function displayPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const digits = phone.replace(/[\s-]/g, '');
  if (digits.includes('*')) return digits;
  if (digits.startsWith('+86') && digits.length === 14) return maskPhone(digits.slice(3));
  return maskPhone(digits);
}
