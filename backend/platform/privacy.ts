import { createHmac } from 'node:crypto';

const MOBILE = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;
const LANDLINE = /(?<!\d)(0\d{2,3}-?)(\d{3,4})(\d{4})(?!\d)/g;

/** Mask phone numbers inside free text: 13812345678 → 138****5678. */
export function maskPhonesInText(text: string): string {
  return text
    .replace(MOBILE, (_m, a: string, _b: string, c: string) => `${a}****${c}`)
    .replace(LANDLINE, (_m, a: string, b: string, c: string) => `${a}${'*'.repeat(b.length)}${c}`);
}

/** Display form of a caller's number: keep the first 3 and last 4 digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** Salted hash of a number's digits, for spotting repeat callers without keeping the number. */
export function hashPhone(phone: string, salt: string): string {
  return createHmac('sha256', salt).update(phone.replace(/\D/g, '')).digest('hex');
}
