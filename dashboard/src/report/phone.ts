/**
 * A mobile number (11 digits) or a landline with its area code. The same rule as
 * RESIDENT_PHONE in contracts/open311.ts (a unit test keeps them equal); kept here so the page
 * does not pull zod into its bundle. The server checks again.
 */
export const PAGE_PHONE = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** Spaces and dashes people type between digit groups are dropped (a landline keeps its one dash). */
export function cleanPhone(input: string): string {
  const trimmed = input.replace(/\s+/g, '');
  return /^1/.test(trimmed) ? trimmed.replace(/-/g, '') : trimmed;
}
