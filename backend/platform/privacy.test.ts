import { describe, expect, it } from 'vitest';
import {
  canonicalPhone,
  coarseCoordinate,
  hashPhone,
  maskPersonalText,
  maskPhone,
  maskPhonesInText,
} from './privacy.js';

describe('masking personal numbers in text', () => {
  it.each([
    ['电话13812345678', '电话138******78'],
    ['电话 138 1234 5678 谢谢', '电话 138 **** **78 谢谢'],
    ['电话138-1234-5678', '电话138-****-**78'],
    ['手机：+86 138 1234 5678', '手机：+86 138 **** **78'],
    ['回电+8613812345678', '回电+86138******78'],
    ['回电8613812345678', '回电86138******78'],
    ['回电0086-13812345678', '回电0086-138******78'],
    ['回电(+86)13812345678', '回电(+86)138******78'],
    ['电话１３８１２３４５６７８', '电话138******78'],
    ['电话１３８－１２３４－５６７８', '电话138-****-**78'],
    ['1381234 5678 打不通', '138**** **78 打不通'],
    ['座机0914-5321234', '座机0914-*****34'],
    ['座机（0914）5321234', '座机(0914)*****34'],
    ['座机09145321234', '座机0914*****34'],
    ['座机029-88881234', '座机029-******34'],
    ['联系电话：5321234', '联系电话：*****34'],
    ['QQ 12345678', 'QQ ******78'],
    ['QQ 12345678 5人', 'QQ *******8 5人'],
    ['我的号码是 5321234', '我的号码是 *****34'],
    ['银行卡号6222021234567890123', '银行卡号*****************23'],
  ])('%s → %s', (text, masked) => {
    expect(maskPersonalText(text)).toBe(masked);
  });

  it.each([
    ['身份证610424199001011234', '身份证610*************34'],
    ['身份证号61042419900101123X办低保', '身份证号610*************3X办低保'],
    ['身份证号61042419900101123x', '身份证号610*************3x'],
    ['证件 610424 19900101 1234', '证件 610*** ******** **34'],
    ['证件６１０４２４１９９００１０１１２３Ｘ', '证件610*************3X'],
  ])('ID numbers: %s → %s', (text, masked) => {
    expect(maskPersonalText(text)).toBe(masked);
  });

  it('keeps at most 3 leading and 2 trailing digits of any number it masks', () => {
    const masked = maskPersonalText('13812345678 0914-5321234 610424199001011234');
    for (const run of masked.match(/\d+/g) ?? []) expect(run.length).toBeLessThanOrEqual(4);
    expect(masked).not.toMatch(/1234|5321|4241|9900/);
  });

  it('leaves order numbers, region codes, dates, amounts and counts alone', () => {
    for (const text of [
      '订单号202611221234567890',
      '工单GD-20261122-0042',
      '区划611025101202001反映',
      '2026-11-22 09:30 三十多名村民',
      '补偿款12000元，共35户',
      '受理编号2611220042',
      '工单号码GD20261122',
      '联系了村委会3次，等了20天',
    ]) {
      expect(maskPersonalText(text)).toBe(text);
    }
  });

  it('masks twice to the same text, and keeps the text otherwise as written', () => {
    const text = '张大爷（电话１３８ 1234 5678，身份证610424199001011234）家的房子漏雨😢';
    const once = maskPersonalText(text);
    expect(maskPersonalText(once)).toBe(once);
    expect(once).toBe('张大爷（电话138 **** **78，身份证610*************34）家的房子漏雨😢');
  });

  it('is the function callers know as maskPhonesInText', () => {
    expect(maskPhonesInText).toBe(maskPersonalText);
  });
});

describe('a caller number as a field', () => {
  it.each([
    ['13812345678', '138******78'],
    ['138-1234-5678', '138******78'],
    ['+86 138 1234 5678', '138******78'],
    ['8613812345678', '138******78'],
    ['１３８１２３４５６７８', '138******78'],
    ['0914-5321234', '0914-*****34'],
    ['029-88881234', '029-******34'],
    ['5321234', '*****34'],
    ['12345', '*****'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('hashes the same number written any way to the same value, and differs by salt', () => {
    const h = hashPhone('13812345678', 's');
    for (const form of [
      '138 1234 5678',
      '+86 138-1234-5678',
      '8613812345678',
      '１３８１２３４５６７８',
    ]) {
      expect(hashPhone(form, 's')).toBe(h);
    }
    expect(hashPhone('13812345678', 't')).not.toBe(h);
    expect(h).not.toContain('13812345678');
    expect(canonicalPhone('+86 914 5321234')).toBe('09145321234');
  });
});

describe('coarse coordinates', () => {
  it('rounds to 0.01° (about 1 km)', () => {
    expect(coarseCoordinate(33.42317)).toBe(33.42);
    expect(coarseCoordinate(109.15891)).toBe(109.16);
    expect(coarseCoordinate(null)).toBeNull();
  });
});
