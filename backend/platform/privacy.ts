import { createHmac } from 'node:crypto';

/**
 * The one place personal numbers are masked (个人信息保护法: minimisation). Everything that stores
 * or shows a resident's words goes through here: ingest masks a report's text and keeps a caller's
 * number only as `maskPhone` + `hashPhone`; the collectors mask what they keep themselves; the
 * public views mask again on the way out (for rows stored before a form was recognised).
 *
 * A masked number keeps at most its first 3 and last 2 digits (138******78), so it reads as "the
 * number ending in 78" and cannot be dialled or guessed; landlines keep their area code (a city,
 * not a person) and the last 2 digits of the local number. An 18-digit ID-card number keeps its
 * first 3 and last 2 characters. Separators and a +86 prefix stay where they were, so the text
 * keeps its length and a second masking changes nothing.
 */

/** Full-width and look-alike characters people type on Chinese keyboards, one for one. */
const WIDE: Record<string, string> = {
  '＋': '+',
  '－': '-',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '（': '(',
  '）': ')',
  Ｘ: 'X',
  ｘ: 'x',
  '\u3000': ' ',
  '\u00a0': ' ',
};

/** The same string with full-width digits and separators made ASCII; every index is kept. */
function narrow(text: string): string {
  return text.replace(/[\uff10-\uff19＋－‐‑‒–—（）Ｘｘ\u3000\u00a0]/g, (c) => {
    const code = c.charCodeAt(0);
    return code >= 0xff10 && code <= 0xff19 ? String(code - 0xff10) : (WIDE[c] ?? c);
  });
}

/** One optional separator between digits: a space, a tab or a hyphen (after `narrow`). */
const SEP = '[ \\t-]?';

/**
 * 18-digit resident ID numbers (居民身份证号码), also written in groups (610424 19900101 123X).
 * Candidates are checked for a plausible region and birth date before masking, so an 18-digit
 * order number stays readable.
 */
const ID_CANDIDATE = new RegExp(`(?<!\\d)[1-9](?:${SEP}\\d){16}${SEP}[\\dXx](?![\\dXx])`, 'g');

/** Mainland mobiles (1[3-9] + 9 digits), with +86 / 0086 / 86 / (+86) in front, in any grouping. */
const MOBILE = new RegExp(
  `(?<!\\d)(?:(?:\\+|00)[ \\t]?86${SEP}|\\(\\+?86\\)${SEP}|86${SEP})?1${SEP}[3-9](?:${SEP}\\d){9}(?!\\d)`,
  'g',
);

/** Landlines with an area code: 0914-5321234, 029 88881234, (0914)5321234, 09145321234. */
const LANDLINE = new RegExp(
  `(?<!\\d)(?:\\(0\\d{2,3}\\)|0\\d{2,3})${SEP}[1-9]\\d{2,3}${SEP}\\d{4}(?!\\d)`,
  'g',
);

/**
 * Any run of 5 or more digits right after words that announce a number (电话：5321234, QQ 12345678,
 * 银行卡号 6222…): a local number without area code, a QQ number or an account is still personal.
 */
const ANNOUNCED = new RegExp(
  `(?<=(?:电话|手机|座机|联系|号码是|号码为|微信|qq|tel|phone|卡号|账号|银行卡|身份证)[^\\d*\\n]{0,6})\\d(?:${SEP}\\d){4,}(?!\\d|[ \\t-]?\\*)`,
  'gi',
);

const DIGIT = /[\d\uff10-\uff19]/g;
const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdChar = (c: string) => isDigit(c) || c === 'X' || c === 'x';

/** Keep the first `head` and last `tail` of the characters `counts` picks; star the others. */
function starInside(
  segment: string,
  counts: (c: string) => boolean,
  head: number,
  tail: number,
): string {
  const total = [...segment].filter(counts).length;
  let seen = 0;
  return [...segment]
    .map((c) => {
      if (!counts(c)) return c;
      seen += 1;
      return seen <= head || seen > total - tail ? c : '*';
    })
    .join('');
}

/** A plausible ID number: region not 0, birth year 1800–2099, month 01–12, day 01–31. */
function plausibleId(chars: string): boolean {
  const birth = /^\d{6}(1[89]|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx]$/;
  return birth.test(chars);
}

/** Which digits of a landline are the area code: 010 and 02x have 3, the rest 4 (numbering plan). */
function areaDigits(digits: string): number {
  return /^0[12]/.test(digits) ? 3 : 4;
}

/** The subscriber number is the last 11 digits; a country code in front stays as it is. */
function maskMobileSegment(segment: string): string {
  const prefix = [...segment].filter(isDigit).length - 11;
  return starInside(segment, isDigit, prefix + 3, 2);
}

function maskLandlineSegment(segment: string): string {
  const digits = [...segment].filter(isDigit).join('');
  return starInside(segment, isDigit, areaDigits(digits), 2);
}

type Pass = { pattern: RegExp; mask: (segment: string) => string | null };

const PASSES: Pass[] = [
  {
    pattern: ID_CANDIDATE,
    mask: (s) =>
      plausibleId([...s].filter(isIdChar).join('')) ? starInside(s, isIdChar, 3, 2) : null,
  },
  { pattern: MOBILE, mask: maskMobileSegment },
  { pattern: LANDLINE, mask: maskLandlineSegment },
  { pattern: ANNOUNCED, mask: (s) => starInside(s, isDigit, 0, 2) },
];

/**
 * Mask phone numbers (mobile, landline, with +86, separators or full-width digits), 18-digit
 * ID-card numbers and numbers announced as such (电话：…, QQ…, 卡号…) inside free text. Everything
 * else, including order numbers and region codes, stays as written.
 */
export function maskPersonalText(text: string): string {
  // Every form masked has at least 5 digits; most reports have fewer, and skip the passes.
  if ((text.match(DIGIT) ?? []).length < 5) return text;
  // `narrow` maps one UTF-16 unit to one, and every match is ASCII: indices line up throughout.
  const work = narrow(text).split('');
  const out = text.split('');
  for (const { pattern, mask } of PASSES) {
    for (const m of work.join('').matchAll(pattern)) {
      const masked = mask(m[0]);
      if (masked === null) continue;
      for (let i = 0; i < masked.length; i++) {
        work[m.index + i] = masked.charAt(i);
        out[m.index + i] = masked.charAt(i);
      }
    }
  }
  return out.join('');
}

/** Phone numbers and ID numbers in free text: the name callers already use for `maskPersonalText`. */
export const maskPhonesInText = maskPersonalText;

/** The digits that identify a number: full-width made ASCII, a +86 / 0086 / 86 prefix dropped. */
export function canonicalPhone(phone: string): string {
  const digits = narrow(phone).replace(/\D/g, '');
  const national = digits.replace(/^(?:0086|86)(?=1[3-9]\d{9}$|[1-9]\d{8,10}$)/, '');
  if (national === digits) return digits;
  // +86 914 5321234 is 0914-5321234 dialled from abroad.
  return /^1[3-9]\d{9}$/.test(national) ? national : `0${national}`;
}

/**
 * Display form of a caller's number (a field, not text): mobiles 138******78, landlines
 * 0914-*****34, anything else the last 2 digits of 7 or more.
 */
export function maskPhone(phone: string): string {
  const digits = canonicalPhone(phone);
  if (/^1[3-9]\d{9}$/.test(digits)) return `${digits.slice(0, 3)}******${digits.slice(-2)}`;
  if (/^0\d{9,11}$/.test(digits)) {
    const area = areaDigits(digits);
    return `${digits.slice(0, area)}-${'*'.repeat(digits.length - area - 2)}${digits.slice(-2)}`;
  }
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
}

/**
 * Salted hash of a number, for spotting repeat callers without keeping the number: the same
 * number written any way (+86, spaces, full-width) gives the same hash. The salt is a
 * deployment secret kept outside DATA_DIR (PHONE_HASH_SALT / PHONE_HASH_SALT_FILE).
 */
export function hashPhone(phone: string, salt: string): string {
  return createHmac('sha256', salt).update(canonicalPhone(phone)).digest('hex');
}

/** Coordinates rounded to 0.01° (about 1 km): where, not whose door. */
export function coarseCoordinate(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
