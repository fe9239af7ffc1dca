import { LEVEL_LABEL_ZH, type Level } from '#contracts';
import { LOWERING_ZH, VULNERABLE, type Concept } from './concepts.js';
import type { Rule } from './rules.js';
import { hasConcept, type Reading } from './signals.js';

/** The contract's limit on an explanation. */
const MAX_LENGTH = 200;

/** The words read for some concepts, each once, at most `limit`. */
function wordsFor(reading: Reading, concepts: readonly Concept[], limit = 3): string[] {
  const out: string[] = [];
  for (const c of concepts) {
    const w = reading.words.get(c);
    if (w !== undefined && !out.includes(w)) out.push(w);
  }
  return out.slice(0, limit);
}

const HAZARD_CONCEPTS = (r: Reading): Concept[] => r.hazards.map((h) => `hazard:${h}` as const);

/** "危险：持刀、威胁；伤情：挂彩；涉及：婆娘；正在发生": what raised the colour. */
function raisers(r: Reading): string[] {
  const parts: string[] = [];
  const add = (label: string, concepts: readonly Concept[]) => {
    const words = wordsFor(r, concepts);
    if (words.length > 0) parts.push(`${label}：${words.join('、')}`);
  };
  add('危险', HAZARD_CONCEPTS(r));
  add('伤情', ['harm']);
  add('聚集', ['crowd']);
  if (r.peopleWords.length > 0) parts.push(`人数：${r.peopleWords.slice(0, 2).join('、')}`);
  add('涉及', [...VULNERABLE.map((v) => `vulnerable:${v}` as const), 'family']);
  add('无人照料', ['noCare']);
  add('隐患', ['soon']);
  add('干部问题', ['misconduct']);
  add('欠薪', ['arrears']);
  add('矛盾', ['tension']);
  if (r.strongNow) parts.push('正在发生');
  else if (r.now) parts.push('今天发生');
  return parts;
}

/** "去年、已经处理（已处理或已过去）": what lowered it. */
function lowerers(r: Reading): string {
  return r.lowerings
    .map((l) => `${wordsFor(r, [`lower:${l}`], 1).join('')}（${LOWERING_ZH[l]}）`)
    .join('，');
}

/**
 * One line a person reads to see why: the signals that raised the colour, what lowered it, the
 * rule that moved it (if one did), and the colour. "危险：持刀；涉及：家人；正在发生 → 红色";
 * "提及塌方，但去年（已处理或已过去） → 无"; an orange the model nearly called red ends
 * "→ 橙色（疑似红色 38%）".
 */
export function explain(
  r: Reading,
  colour: Level,
  flagged: boolean,
  heldBy: Rule | undefined,
  redChance?: number,
): string {
  const label = LEVEL_LABEL_ZH[colour];
  const up = raisers(r);
  const down = r.lowerings.length > 0 ? lowerers(r) : '';
  let line: string;
  if (r.anyHazard && r.lowered && (colour === 'none' || colour === 'blue')) {
    line = `提及${wordsFor(r, HAZARD_CONCEPTS(r), 2).join('、')}，但${down}`;
  } else if (up.length > 0) {
    line = up.join('；') + (down ? `；降级：${down}` : '');
  } else if (down) {
    line = down;
  } else {
    line = hasConcept(r, 'official') ? '涉及干部，未见危险信号' : '未见危险信号，按文本判断';
  }
  if (flagged) line += '；标记紧急';
  // The rule that moved the model's colour, if one did: "（危险且正在发生、无降级）".
  if (heldBy) line += `（${heldBy.says.split(' → ')[0] ?? heldBy.id}）`;
  let verdict = ` → ${label}`;
  if (redChance !== undefined) verdict += `（疑似红色 ${Math.round(redChance * 100)}%）`;
  return withVerdict(line, verdict);
}

/** The colour (and a second look asked for) always shows: a long line is cut before it. */
export function withVerdict(line: string, verdict: string, max = MAX_LENGTH): string {
  const room = max - verdict.length;
  return (line.length <= room ? line : `${line.slice(0, room - 1)}…`) + verdict;
}
