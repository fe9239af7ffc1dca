import { describe, expect, it } from 'vitest';
import { hashPhone, maskPhone, maskPhonesInText } from './privacy.js';

describe('phone privacy', () => {
  it('masks mobile and landline numbers inside text', () => {
    expect(maskPhonesInText('电话13812345678，座机0914-5321234')).toBe(
      '电话138****5678，座机0914-***1234',
    );
  });
  it('leaves other digit runs alone', () => {
    expect(maskPhonesInText('订单号202611221234567890')).toBe('订单号202611221234567890');
  });
  it('masks a caller number for display', () => {
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
  });
  it('hashes with a salt so equal numbers match and the number is not recoverable', () => {
    expect(hashPhone('13812345678', 's')).toBe(hashPhone('138 1234 5678', 's'));
    expect(hashPhone('13812345678', 's')).not.toBe(hashPhone('13812345678', 't'));
  });
});
