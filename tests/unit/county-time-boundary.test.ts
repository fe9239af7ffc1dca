import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The county's UTC+8 is written once, in contracts/county-time.ts. A second copy of the offset is
 * how a county day drifts between two modules, so the build refuses one.
 */
const OFFSET = [
  /\b8\s*\*\s*(?:3_?600_?000|60\s*\*\s*60(?:\s*\*\s*1000|_000)?|HOUR_MS)\b/,
  /\b28_?800_?000\b/,
  /['"`]Asia\/Shanghai['"`]/,
  /['"`]-8h['"`]/,
];

function sourceFiles(): string[] {
  const out = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.vue'],
    { encoding: 'utf8' },
  );
  return out
    .split('\n')
    .filter((f) => /^(backend|collectors|contracts|dashboard\/src)\//.test(f))
    .filter((f) => !f.endsWith('.test.ts') && f !== 'contracts/county-time.ts');
}

describe('the county time boundary', () => {
  it('no UTC+8 offset or zone name outside contracts/county-time.ts', () => {
    const offenders = sourceFiles().flatMap((file) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return []; // deleted in the work tree
      }
      return text
        .split('\n')
        .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
        .filter(({ line }) => !line.trim().startsWith('//') && !line.trim().startsWith('*'))
        .filter(({ line }) => OFFSET.some((re) => re.test(line)))
        .map(({ at, line }) => `${at}: ${line.trim()}`);
    });
    expect(offenders).toEqual([]);
  });

  it('the check itself finds an offset', () => {
    expect(OFFSET.some((re) => re.test('const X = 8 * 3_600_000;'))).toBe(true);
    expect(OFFSET.some((re) => re.test("timeZone: 'Asia/Shanghai',"))).toBe(true);
  });
});
