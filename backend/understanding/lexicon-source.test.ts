import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LexiconFile } from '#contracts';
import { ConfigError } from '../config/errors.js';
import type { Logger } from '../platform/logger.js';
import { readText } from './analyze.js';
import { createUnderstanding } from './index.js';
import { BUILT_IN_LEXICON, LexiconSource, lexiconPath } from './lexicon-source.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function shipped(): Record<string, unknown> {
  return JSON.parse(readFileSync(BUILT_IN_LEXICON, 'utf8')) as Record<string, unknown>;
}

function configDir(lexicon: unknown = shipped()): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'minqing-lexicon-'));
  dirs.push(dir);
  const file = join(dir, 'lexicon.json');
  writeFileSync(file, JSON.stringify(lexicon, null, 2));
  return { dir, file };
}

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (m: string) => lines.push(`${level} ${m}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

type Edit = (lexicon: Record<string, Record<string, unknown>>) => void;
function edited(edit: Edit): Record<string, unknown> {
  const lexicon = shipped() as Record<string, Record<string, unknown>>;
  edit(lexicon);
  return lexicon;
}

describe('the lexicon file', () => {
  it('the shipped config/lexicon.json is valid', () => {
    expect(LexiconFile.safeParse(shipped()).success).toBe(true);
  });

  it.each<[string, Edit, RegExp]>([
    [
      'a weight that is not positive',
      (l) => ((l.urgency!.cues as Record<string, number>)['塌方'] = 0),
      /urgency\.cues\.塌方: must be > 0/,
    ],
    [
      'an unknown category',
      (l) => ((l.categories!.keywords as Record<string, unknown>).leftbehind = {}),
      /categories\.keywords: Unrecognized key: "leftbehind"/,
    ],
    [
      'a missing category list',
      (l) => delete (l.categories!.keywords as Record<string, unknown>).ceremony,
      /categories\.keywords\.ceremony/,
    ],
    [
      'a word both negative and positive',
      (l) => ((l.negativity!.positive as Record<string, number>)['拖欠'] = 1),
      /negativity\.positive\.拖欠: "拖欠" is already in negativity\.negative/,
    ],
    [
      'a word with a space',
      (l) => ((l.negativity!.negative as Record<string, number>)['没 人管'] = 1),
      /negativity\.negative\.没 人管: a word must be 1–16 characters without spaces/,
    ],
    ['a negation window out of range', (l) => (l.negation!.window = 9), /negation\.window/],
  ])('refuses %s, naming the file and the field', (_what, edit, message) => {
    const { file } = configDir(edited(edit));
    let error: unknown;
    try {
      new LexiconSource(file, recordingLog());
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(message);
  });

  it('falls back to the shipped lexicon, with a warning, when the config dir has none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'minqing-lexicon-'));
    dirs.push(dir);
    const log = recordingLog();
    expect(lexiconPath(dir, log)).toEqual({ file: BUILT_IN_LEXICON, county: false });
    expect(log.lines.join('\n')).toMatch(/lexicon\.json not found/);
    expect(lexiconPath(undefined)).toEqual({ file: BUILT_IN_LEXICON, county: false });
  });
});

describe('hot reload', () => {
  it('applies a saved edit, and keeps the previous lexicon when an edit is invalid', async () => {
    const { dir, file } = configDir();
    const log = recordingLog();
    const understanding = createUnderstanding({ configDir: dir, log, clock: Date.now });
    const text = '村里的锅盔摊收费太乱了';
    expect(understanding.analyze({ text }).category).toBe('other');

    // The county adds a word: 锅盔 (a local flatbread) is industry here.
    writeFileSync(
      file,
      JSON.stringify(
        edited((l) => {
          const keywords = l.categories!.keywords as Record<string, Record<string, number>>;
          keywords.industry!['锅盔'] = 5;
        }),
      ),
    );
    await expect
      .poll(() => understanding.analyze({ text }).category, { timeout: 5000 })
      .toBe('industry');
    expect(log.lines.join('\n')).toMatch(/lexicon reloaded/);

    // A broken edit: refused in the log with the field named; the last good lexicon stays.
    writeFileSync(file, JSON.stringify(edited((l) => (l.negation!.window = -1))));
    await expect
      .poll(() => log.lines.find((l) => l.startsWith('error')), { timeout: 5000 })
      .toMatch(/lexicon not reloaded.*lexicon\.json: negation\.window/);
    expect(understanding.analyze({ text }).category).toBe('industry');
    understanding.close();
  });

  it('reload() is a no-op when nothing changed', () => {
    const { file } = configDir();
    const source = new LexiconSource(file, recordingLog());
    const before = source.current;
    source.reload();
    expect(source.current).toBe(before);
    expect(readText(source.current, '低保没到账').category).toBe('livelihood');
  });
});
