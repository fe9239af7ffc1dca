/**
 * How many people, and how old: "几十个人", "一百多户", "200多名", "八十多岁的老汉". The colour
 * rises with the number of people and with age, so the judge reads numbers written in digits,
 * in Chinese numerals and in the vague forms people use (几十, 上百, 十几).
 */

const DIGIT: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  数: 3,
  // "几" is a handful: 几 ≈ 3, 几十 ≈ 30, 十几 ≈ 13. Low on purpose: vague is not huge.
  几: 3,
};
const UNIT: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** A Chinese numeral (三十五, 两百, 几十, 十几, 一万二) as a number; NaN when it is not one. */
export function parseChineseNumber(word: string): number {
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const ch of word) {
    const d = DIGIT[ch];
    const u = UNIT[ch];
    if (d !== undefined) digit = d;
    else if (u === 10000) {
      total += (section + Math.max(digit, 0)) * u;
      section = 0;
      digit = -1;
    } else if (u !== undefined) {
      // "十五" starts with its unit: the missing digit is one.
      section += (digit < 0 ? 1 : digit) * u;
      digit = -1;
    } else return Number.NaN;
  }
  return total + section + Math.max(digit, 0);
}

/** A number in digits or Chinese numerals. */
export function parseNumber(word: string): number {
  return /^[0-9]+$/.test(word) ? Number(word) : parseChineseNumber(word);
}

const NUM = '([0-9]+|[零〇一二两三四五六七八九十百千万几数]+)';
/** "二十多个人", "100余户", "几十名工人", "十几家". 户/家 count households. */
const PEOPLE = new RegExp(
  `${NUM}(多|余|来)?(个|名|位)?(人|户|家|口|号人|村民|群众|工人|农民工|学生|老人|孩子|娃|村里人|游客|名宾客|宾客|辆)`,
  'g',
);
const HAS_NUMERAL = /[0-9零〇一二两三四五六七八九十百千万几数]/;
const AGE = new RegExp(`${NUM}(多|来)?(岁|周岁)`, 'g');
/** Vague crowds with no number in them. */
const MANY_WORDS: readonly (readonly [string, number])[] = [
  ['上百', 100],
  ['成百', 100],
  ['好几百', 300],
  ['上千', 1000],
  ['好几十', 30],
  ['全村', 100],
  ['整个村', 100],
  ['全组', 30],
  ['整个组', 30],
  ['一组人', 30],
  ['全队', 30],
  ['家家户户', 30],
  ['一大群', 20],
  ['一大帮', 20],
  ['很多人', 15],
  ['好多人', 15],
  ['一群人', 10],
  ['一帮人', 10],
  ['大伙', 10],
];

const MANY_COUNT = new Map(MANY_WORDS);
/** One scan for all the vague crowd words, longest first. */
const MANY_PATTERN = new RegExp(
  [...MANY_COUNT.keys()].sort((a, b) => b.length - a.length).join('|'),
  'g',
);

/** People counted as households weigh about three each. */
const PER_HOUSEHOLD = 3;

export interface Numbers {
  /** The largest number of people mentioned (households × 3); 0 when none. */
  people: number;
  /** The words that gave it, for the explanation. */
  peopleWords: string[];
  /** Ages mentioned. */
  ages: number[];
}

/**
 * Read head counts and ages from normalised text. The patterns are run with exec from
 * lastIndex 0: String.matchAll copies the pattern on every call, which costs more than the
 * match itself on a short report.
 */
export function readNumbers(text: string): Numbers {
  const found: Numbers = { people: 0, peopleWords: [], ages: [] };
  const count = (people: number, word: string) => {
    if (people > found.people) found.people = people;
    found.peopleWords.push(word);
  };
  // Most texts hold no numeral at all: skip the two number patterns then.
  const numerals = HAS_NUMERAL.test(text);
  let m: RegExpExecArray | null;
  PEOPLE.lastIndex = 0;
  while (numerals && (m = PEOPLE.exec(text)) !== null) {
    const n = parseNumber(m[1] ?? '');
    if (!Number.isFinite(n) || n < 2) continue;
    const households = m[4] === '户' || m[4] === '家';
    count(households ? n * PER_HOUSEHOLD : n, m[0]);
  }
  MANY_PATTERN.lastIndex = 0;
  while ((m = MANY_PATTERN.exec(text)) !== null) count(MANY_COUNT.get(m[0]) ?? 0, m[0]);
  AGE.lastIndex = 0;
  while (numerals && (m = AGE.exec(text)) !== null) {
    const n = parseNumber(m[1] ?? '');
    if (Number.isFinite(n) && n > 0 && n < 120) found.ages.push(n);
  }
  return found;
}
