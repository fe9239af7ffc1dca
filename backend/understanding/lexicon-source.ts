import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LexiconFile } from '#contracts';
import { loadJsonFile } from '../config/files.js';
import type { Logger } from '../platform/logger.js';
import { compileLexicon, type CompiledLexicon } from './compile.js';

/** The lexicon shipped with the code: used when no config directory is given or it has none. */
export const BUILT_IN_LEXICON = fileURLToPath(
  new URL('../../config/lexicon.json', import.meta.url),
);

/**
 * Where the lexicon is read from: CONFIG_DIR/lexicon.json (the county's, watched for edits), else
 * the shipped one (not watched: it changes only with the code).
 */
export function lexiconPath(
  configDir: string | undefined,
  log?: Logger,
): { file: string; county: boolean } {
  if (!configDir) return { file: BUILT_IN_LEXICON, county: false };
  const file = join(configDir, 'lexicon.json');
  if (existsSync(file)) return { file, county: true };
  log?.warn(`${file} not found: using the built-in lexicon ${BUILT_IN_LEXICON}`);
  return { file: BUILT_IN_LEXICON, county: false };
}

/**
 * config/lexicon.json, validated at start (a ConfigError names the file and field) and re-read
 * when it changes. An invalid edit is refused in the log and the previous lexicon stays in force,
 * as with the rules file.
 */
export class LexiconSource {
  private compiled: CompiledLexicon;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private text: string;
  lastError: string | null = null;

  constructor(
    readonly file: string,
    private readonly log: Logger,
  ) {
    const lexicon = loadJsonFile(file, LexiconFile);
    this.text = JSON.stringify(lexicon);
    this.compiled = compileLexicon(lexicon);
  }

  get current(): CompiledLexicon {
    return this.compiled;
  }

  /** Watch the directory: editors often replace the file rather than write into it. */
  watch(onChange?: () => void): void {
    const name = basename(this.file);
    this.watcher = watch(dirname(this.file), (_event, changed) => {
      if (changed !== name) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.reload(onChange), 150);
    });
  }

  reload(onChange?: () => void): void {
    try {
      const next = loadJsonFile(this.file, LexiconFile);
      const text = JSON.stringify(next);
      if (text === this.text) return;
      this.compiled = compileLexicon(next);
      this.text = text;
      this.lastError = null;
      this.log.info(`lexicon reloaded from ${this.file}`);
      onChange?.();
    } catch (err) {
      this.lastError = (err as Error).message;
      this.log.error(`lexicon not reloaded, previous lexicon stays in force: ${this.lastError}`);
    }
  }

  close(): void {
    this.watcher?.close();
    if (this.timer) clearTimeout(this.timer);
  }
}
