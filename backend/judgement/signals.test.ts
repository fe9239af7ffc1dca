import { describe, expect, it } from 'vitest';
import { normalise } from './normalise.js';
import { hasConcept, readText, signalNames } from './signals.js';

const read = (text: string) => readText(normalise(text));

describe('reading concepts', () => {
  it('reads a threat with a weapon against family, happening now', () => {
    const r = read('我男人现在拿着菜刀要砍我婆娘');
    expect(r.hazards).toEqual(expect.arrayContaining(['weapon', 'violence']));
    expect(r.now).toBe(true);
    expect(hasConcept(r, 'family')).toBe(true);
    expect(hasConcept(r, 'dialect')).toBe(true);
  });

  it('reads dialect as the standard words: 碎娃 a child, 寻短见 suicide, 挂彩 harm', () => {
    const r = read('碎娃他爸喝了酒说要寻短见，头上挂彩了');
    expect(r.hazards).toContain('suicide');
    expect(hasConcept(r, 'vulnerable:child')).toBe(true);
    expect(hasConcept(r, 'harm')).toBe(true);
  });

  it('a negation swallows the hazard inside it or right after it', () => {
    const r = read('两家吵了几句，没有人受伤，不是打架');
    expect(hasConcept(r, 'harm')).toBe(false);
    expect(r.hazards).not.toContain('violence');
    expect(r.lowerings).toContain('negated');
    const s = read('现场没有发生火灾');
    expect(s.hazards).not.toContain('fire');
    expect(s.lowered).toBe(true);
  });

  it('a negation does not reach across a clause break', () => {
    const r = read('刚才说没事，现在又打起来了');
    expect(r.hazards).toContain('violence');
  });

  it('keeps the hazard but marks it settled', () => {
    const r = read('去年的塌方已经处理了');
    expect(r.hazards).toContain('geo');
    expect(r.lowerings).toContain('settled');
    expect(r.lowered).toBe(true);
  });

  it('reads elsewhere, drill, hypothetical, thanks and questions', () => {
    expect(read('网上看到外地有人持刀伤人').lowerings).toContain('elsewhere');
    expect(read('消防演练，模拟着火').lowerings).toContain('drill');
    expect(read('万一山体滑坡咋办').lowerings).toContain('hypothetical');
    expect(read('感谢网格员帮忙').lowerings).toContain('thanks');
    expect(read('身份证在哪里办').lowerings).toContain('question');
    expect(read('低保今年还能申请吗').lowerings).toContain('question');
  });

  it('reads old age and many people as signals', () => {
    const r = read('八十多岁老人独居，全组几十户都停水了');
    expect(hasConcept(r, 'vulnerable:old')).toBe(true);
    expect(signalNames(r, true)).toEqual(
      expect.arrayContaining(['vulnerable:old', 'vulnerable:alone', 'many:50', 'flagged']),
    );
  });
});

describe('normalising', () => {
  it('folds full-width forms, marks and dialect 么 (but not 什么)', () => {
    expect(normalise('ＡＢ１２０，真的吗？')).toBe('ab120|真的吗?');
    expect(normalise('么人管，这是什么事')).toBe('没人管|这是什么事');
  });

  it('reads dialect negation: 么动手 is no violence', () => {
    expect(read('两边对骂 暂时还么动手').lowerings).toContain('negated');
  });
});

describe('questions are not denials', () => {
  it('是不是着火了 keeps the fire', () => {
    expect(read('后山是不是着火了').hazards).toContain('fire');
  });
});

describe('words that change how others read', () => {
  it('an idiom holding a danger word is no danger: 气死了, 憋着火', () => {
    expect(hasConcept(read('技术员也不来 气死了'), 'harm')).toBe(false);
    expect(read('大家都憋着火呢').hazards).not.toContain('fire');
  });

  it('a negator takes a lowering back: 不是演习, 未找到', () => {
    const r = read('不是演习 是真着火了');
    expect(r.lowerings).not.toContain('drill');
    expect(r.hazards).toContain('fire');
    expect(read('找了三个小时未找到').lowerings).not.toContain('settled');
  });

  it('a lack of care denies nothing: 村里没血清', () => {
    const r = read('他被蛇咬了 腿肿黑了 村里没血清');
    expect(r.lowerings).not.toContain('negated');
    expect(r.hazards).toContain('animal');
  });
});
