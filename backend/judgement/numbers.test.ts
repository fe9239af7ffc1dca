import { describe, expect, it } from 'vitest';
import { parseChineseNumber, readNumbers } from './numbers.js';
import { normalise } from './normalise.js';

describe('Chinese numerals', () => {
  it.each([
    ['三', 3],
    ['十五', 15],
    ['三十五', 35],
    ['两百', 200],
    ['一百零五', 105],
    ['几十', 30],
    ['十几', 13],
    ['三千', 3000],
  ])('%s is %d', (word, n) => {
    expect(parseChineseNumber(word)).toBe(n);
  });

  it('refuses what is not a numeral', () => {
    expect(parseChineseNumber('三个')).toBeNaN();
  });
});

describe('head counts and ages', () => {
  it('reads people in digits, numerals and vague words; households count three', () => {
    expect(readNumbers(normalise('来了几十个人')).people).toBe(30);
    expect(readNumbers(normalise('一百多户受影响')).people).toBe(300);
    expect(readNumbers(normalise('２００多名工人')).people).toBe(200);
    expect(readNumbers(normalise('全组的人都去了')).people).toBe(30);
    expect(readNumbers(normalise('上百人堵在门口')).people).toBe(100);
  });

  it('does not count one person or a date', () => {
    expect(readNumbers(normalise('一个人在家，2024年')).people).toBe(0);
  });

  it('reads ages', () => {
    expect(readNumbers(normalise('八十多岁的老汉，还有个3岁的娃')).ages).toEqual([80, 3]);
  });
});
