import { describe, expect, it } from 'vitest';
import { ReportRule } from '#contracts';
import { ReportRules } from './report-rules.js';

const rule = (r: Record<string, unknown>) =>
  ReportRule.parse({ description: 'test', holdMinutes: 60, ...r });

const rules = new ReportRules([
  rule({ id: 'orange-water', level: 'orange', keywords: ['停水', 'No Water'] }),
  rule({ id: 'red-gathering', level: 'red', keywords: ['聚集', '上访'] }),
  rule({ id: 'red-first-tie', level: 'red', keywords: ['聚集'] }),
  rule({ id: 'blue-app-ceremony', level: 'blue', categories: ['ceremony'], sources: ['app'] }),
]);

const input = (text: string, category = 'livelihood', source = 'hotline') => ({
  text,
  category,
  source,
});

describe('ReportRules', () => {
  it('answers the most severe matching rule, the earlier one among equals', () => {
    const hit = rules.match(input('村里停水，村民聚集在村委会'));
    expect(hit?.rule.id).toBe('red-gathering');
    expect(hit?.keyword).toBe('聚集');
  });

  it('matches keywords case-insensitively and reports them as the rule spells them', () => {
    const hit = rules.match(input('NO WATER since Monday'));
    expect(hit?.rule.id).toBe('orange-water');
    expect(hit?.keyword).toBe('No Water');
  });

  it('honours categories and sources; a rule without keywords matches on them alone', () => {
    expect(rules.match(input('红白喜事大操大办', 'ceremony', 'app'))?.rule.id).toBe(
      'blue-app-ceremony',
    );
    expect(rules.match(input('红白喜事大操大办', 'ceremony', 'hotline'))).toBeNull();
    expect(rules.match(input('红白喜事大操大办', 'livelihood', 'app'))).toBeNull();
  });
});
