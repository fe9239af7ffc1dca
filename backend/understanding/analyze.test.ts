import { describe, expect, it } from 'vitest';
import { LexiconFile } from '#contracts';
import { TEXTS, fillTemplate } from '../../collectors/simulator/texts.js';
import { loadJsonFile } from '../config/files.js';
import { silentLogger } from '../platform/logger.js';
import { readText, scanText } from './analyze.js';
import { compileLexicon } from './compile.js';
import { createUnderstanding } from './index.js';
import { BUILT_IN_LEXICON } from './lexicon-source.js';

/** A small lexicon whose numbers are easy to follow. */
function tiny(): LexiconFile {
  return LexiconFile.parse({
    version: 1,
    categories: {
      minScore: 2,
      keywords: {
        industry: { 合作社: 3 },
        infrastructure: { 停水: 3, wifi: 3 },
        livelihood: { 工资: 2, 低保: 4 },
        dispute: { 拖欠工资: 4 },
        security: {},
        agency: {},
        leftBehind: {},
        ceremony: {},
        other: { 快递: 3 },
      },
    },
    urgency: { cues: { 危险: 1, 人员受伤: 2 }, calm: { 去年: 1 } },
    negativity: {
      negative: { 危险: 1, 不满意: 1.5 },
      positive: { 满意: 1 },
      neutral: ['能不能'],
      expected: { 发: 1 },
    },
    negation: {
      words: ['不', '没', '无'],
      window: 2,
      categoryFactor: 0.5,
      urgencyFactor: 0,
      negativeFactor: 0.2,
      positiveFlip: 1,
    },
    degree: { 非常: 2 },
  });
}

const lex = compileLexicon(tiny());
const sum = (text: string) => scanText(lex, text).sentimentSum;

describe('scanning a text against the lexicon', () => {
  it('counts the longest keyword only: 拖欠工资 is a dispute, not 工资 as well', () => {
    const scores = scanText(lex, '老板拖欠工资三个月').categories;
    expect(Array.from(scores)).toEqual([0, 0, 0, 4, 0, 0, 0, 0, 0]);
    expect(readText(lex, '老板拖欠工资三个月').category).toBe('dispute');
    expect(readText(lex, '这个月工资低保都没到').category).toBe('livelihood');
  });

  it('falls back to other below minScore, and takes other when its own words win', () => {
    expect(readText(lex, '今天天气不错').category).toBe('other');
    expect(readText(lex, '快递丢了').category).toBe('other');
    // 合作社 after a negator counts half (1.5 < minScore 2).
    expect(readText(lex, '村里没合作社').category).toBe('other');
  });

  it('flips a negated positive word and dampens a negated negative one', () => {
    expect(sum('服务很满意')).toBe(-1);
    expect(sum('不满意')).toBe(1.5); // listed itself: longer than 不
    expect(sum('对处理没满意')).toBe(1);
    expect(sum('危险')).toBe(1);
    expect(sum('不危险')).toBeCloseTo(0.2);
  });

  it('a negator reaches only `window` characters and stops at a comma', () => {
    expect(sum('不太很满意')).toBe(1); // two characters between: still negated
    expect(sum('不太太很满意')).toBe(-1); // three: out of reach
    expect(sum('不知道，满意')).toBe(-1);
  });

  it('degree adverbs amplify the next word', () => {
    expect(sum('非常危险')).toBe(2);
    expect(scanText(lex, '非常危险').urgencySum).toBe(2);
  });

  it('neutral phrases hold their characters: 能不能 negates nothing', () => {
    expect(sum('能不能满意')).toBe(-1);
  });

  it('an expected action counts only when negated: 还没发', () => {
    expect(sum('补助没发')).toBe(1);
    expect(sum('补助发了')).toBe(0);
  });

  it('urgency: negated cues do not count, calming words subtract', () => {
    expect(scanText(lex, '人员受伤').urgencySum).toBe(2);
    expect(scanText(lex, '无人员受伤').urgencySum).toBe(0);
    expect(scanText(lex, '去年人员受伤').urgencySum).toBe(1);
    expect(readText(lex, '去年').urgency).toBe(0);
  });

  it('folds full-width and upper-case Latin letters', () => {
    expect(readText(lex, 'ＷＩＦＩ连不上').category).toBe('infrastructure');
    expect(readText(lex, 'WiFi连不上').category).toBe('infrastructure');
  });

  it('scores saturate in 0..1', () => {
    const r = readText(lex, '危险危险危险危险危险人员受伤人员受伤');
    expect(r.urgency).toBeGreaterThan(0.99);
    expect(r.urgency).toBeLessThanOrEqual(1);
    expect(readText(lex, '很满意').negativity).toBe(0);
  });
});

describe('createUnderstanding with the shipped lexicon', () => {
  const u = createUnderstanding({ log: silentLogger, clock: Date.now });

  it('infers a category only when the sender gave none', () => {
    const inferred = u.analyze({ text: '工地包工头拖欠工资三个月，农民工讨薪无门' });
    expect(inferred).toMatchObject({ category: 'dispute', categoryInferred: true });
    const given = u.analyze({ text: '工地包工头拖欠工资三个月', category: 'industry' });
    expect(given).toMatchObject({ category: 'industry', categoryInferred: false });
  });

  it.each([
    ['通组公路塌方，车辆无法通行', 'infrastructure'],
    ['低保金这个月没到账', 'livelihood'],
    ['两户村民因宅基地边界发生争执', 'dispute'],
    ['有人冒充医保局工作人员打电话骗钱', 'security'],
    ['想请村里代办社保卡', 'agency'],
    ['独居老人腿脚不便，需要有人探访', 'leftBehind'],
    ['办丧事大操大办，流水席吃三天', 'ceremony'],
    ['魔芋收购价太低，合作社拖欠货款', 'industry'],
    ['请问县图书馆周末开门吗', 'other'],
  ])('%s → %s', (text, category) => {
    expect(u.analyze({ text }).category).toBe(category);
  });

  it('reads urgency from cues and takes the sender’s urgent flag as 1', () => {
    expect(u.analyze({ text: '山体滑坡，有人被埋，急需救援' }).urgency).toBeGreaterThan(0.9);
    expect(u.analyze({ text: '想咨询一下高龄补贴怎么申请' }).urgency).toBe(0);
    expect(u.analyze({ text: '想咨询一下高龄补贴怎么申请', urgent: true }).urgency).toBe(1);
    expect(u.analyze({ text: '已确认无人员受伤' }).urgency).toBeLessThan(0.5);
  });

  it('reads negativity: complaints high, inquiries and thanks low', () => {
    expect(u.analyze({ text: '多次反映一直没人管，村民非常不满' }).negativity).toBeGreaterThan(0.9);
    expect(u.analyze({ text: '养老金还没发' }).negativity).toBeGreaterThanOrEqual(0.5);
    expect(u.analyze({ text: '请问户口迁移需要什么材料' }).negativity).toBe(0);
    expect(u.analyze({ text: '感谢网格员，问题已解决，非常满意' }).negativity).toBe(0);
  });
  u.close();
});

describe('speed', () => {
  it('analyzes a report in a few microseconds (printed, not asserted)', () => {
    const compiled = compileLexicon(loadJsonFile(BUILT_IN_LEXICON, LexiconFile));
    const values = { village: '枣园村', group: '第二组', name: '王' };
    const texts = Object.values(TEXTS).flatMap((list) => list.map((t) => fillTemplate(t, values)));
    for (let i = 0; i < 20_000; i++) readText(compiled, texts[i % texts.length] as string);
    const n = 200_000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) readText(compiled, texts[i % texts.length] as string);
    const ns = Number(process.hrtime.bigint() - start) / n;
    const chars = texts.reduce((a, t) => a + t.length, 0) / texts.length;
    console.log(
      JSON.stringify({ analyzeNsPerReport: Math.round(ns), meanChars: Math.round(chars) }),
    );
    expect(ns).toBeGreaterThan(0);
  });
});
