import { describe, expect, it } from 'vitest';
import { normalise } from './normalise.js';
import { bounds, boundedProbabilities, clamp } from './rules.js';
import { readText } from './signals.js';

const boundsOf = (text: string) => bounds(readText(normalise(text)), false);

describe('composition rules', () => {
  it('a hazard under way with nothing lowering it is at least orange', () => {
    const b = boundsOf('后山正在塌方');
    expect(b.floor).toBe('orange');
    expect(clamp('blue', b)).toBe('orange');
    expect(clamp('red', b)).toBe('red');
  });

  it('a weapon in a threat, harm under way, or a crowd blocking now is red', () => {
    for (const text of [
      '他拿着菜刀说要砍他婆娘',
      '刚才三轮车翻到沟里，人流血不止',
      '现在一百多号人把县道堵了',
    ]) {
      expect(boundsOf(text).floor, text).toBe('red');
    }
  });

  it('a drill or news from elsewhere is at most blue, even today', () => {
    for (const text of ['新闻里说外县着火了', '今天搞消防演练，模拟起火']) {
      expect(clamp('red', boundsOf(text)), text).toBe('blue');
    }
  });

  it('settled, negated or hypothetical is left to the model: its markers also match words that lower nothing', () => {
    for (const text of [
      '去年塌方已经处理了',
      '万一山体滑坡咋办',
      '牛晌午自己回来了，人到天黑没回',
      '不是打架，是一个老汉突然倒地抽搐，叫不醒',
    ]) {
      expect(boundsOf(text).cap, text).toBe('red');
    }
  });

  it('thanks with no hazard is none; a question is left to the model', () => {
    expect(boundsOf('感谢网格员').cap).toBe('none');
    // Emergencies are written as questions too ("打了一下午了…没人管吗"): no cap.
    expect(boundsOf('请问社保卡在哪里办').cap).toBe('red');
  });

  it('an ordinary report is left to the model', () => {
    const b = boundsOf('路灯坏了好几天');
    expect([b.floor, b.cap, b.fired]).toEqual(['none', 'red', []]);
  });

  it('moves probability mass to the bounds so the confidence stays a probability', () => {
    const b = boundsOf('今天搞消防演练，模拟起火');
    const p = boundedProbabilities([0.1, 0.2, 0.3, 0.4], b);
    expect(p[1]).toBeCloseTo(0.9);
    expect(p.reduce((a, x) => a + x, 0)).toBeCloseTo(1);
  });
});
