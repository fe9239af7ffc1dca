import type { RepeatCandidate } from './understanding.js';

/**
 * What makes two reports the same appeal: the same village, and the same caller (salted phone
 * hash) or the same text once whitespace, punctuation, symbols and width are set aside.
 */

/**
 * Texts shorter than this (normalized) link only by caller: "路灯坏了" from two people may be
 * two lamps, while a sentence of 8+ characters repeated word for word is one appeal.
 */
export const MIN_TEXT_KEY_LENGTH = 8;

export interface RepeatKey {
  village: string;
  /** The caller's salted phone hash, or null when the report has no phone. */
  phone: string | null;
  /** A 53-bit hash of the normalized text, or null when it is too short to link by. */
  text: number | null;
}

/** A village's reports: a town-level code stands for itself, a group belongs to its village. */
export function villageOf(regionCode: string): string {
  return regionCode.slice(0, 12);
}

export function repeatKey(report: Pick<RepeatCandidate, 'regionCode' | 'phoneHash' | 'text'>) {
  const text = textKey(report.text);
  return {
    village: villageOf(report.regionCode),
    phone: report.phoneHash,
    text: text.length >= MIN_TEXT_KEY_LENGTH ? text.hash : null,
  } satisfies RepeatKey;
}

/** The normalized text itself (for tests and explanations; the index keeps only its hash). */
export function normalizeText(text: string): string {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = foldKeyChar(text.charCodeAt(i));
    if (c >= 0) out.push(c);
  }
  return String.fromCharCode(...out);
}

/**
 * The normalized text's length and 53-bit hash (cyrb53) in one pass without building it, and
 * kept as a number: turning it into a string cost more than everything else on the ingest path.
 */
export function textKey(text: string): { length: number; hash: number } {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = foldKeyChar(text.charCodeAt(i));
    if (c < 0) continue;
    length++;
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return { length, hash: 4294967296 * (2097151 & h2) + (h1 >>> 0) };
}

/**
 * A character as it counts in the key, or -1 when it does not: full-width letters and digits
 * read as half-width, Latin letters as lower case (a char-code loop, not NFKC and a Unicode regex:
 * 5× faster).
 */
function foldKeyChar(code: number): number {
  let c = code;
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  if (c >= 65 && c <= 90) c += 32;
  return isNoise(c) ? -1 : c;
}

/**
 * Whitespace, punctuation and symbols: ASCII ones, general punctuation, arrows and symbol blocks,
 * CJK punctuation, full-width punctuation, surrogate halves (emoji) and variation selectors.
 */
function isNoise(c: number): boolean {
  if (c < 128) return !((c >= 48 && c <= 57) || (c >= 97 && c <= 122));
  return (
    c === 0xa0 ||
    c === 0xfeff ||
    (c >= 0x2000 && c <= 0x2bff) ||
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0xd800 && c <= 0xdfff) ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    (c >= 0xfe30 && c <= 0xfe6f) ||
    (c >= 0xff00 && c <= 0xff65)
  );
}
