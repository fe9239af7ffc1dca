import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { RulesFile } from '#contracts';
import { RulesFile as RulesFileSchema } from '#contracts';
import { loadJsonFile } from '../../config/files.js';
import type { Logger } from '../../platform/logger.js';

/**
 * The rules file, validated at start and re-read when it changes. An invalid edit is refused
 * with the file and field named, and the previous rules stay in force.
 */
export class RulesSource {
  private rules: RulesFile;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  lastError: string | null = null;
  loadedAt = Date.now();

  constructor(
    readonly file: string,
    private readonly log: Logger,
  ) {
    this.rules = loadJsonFile(file, RulesFileSchema);
  }

  get current(): RulesFile {
    return this.rules;
  }

  /** Watch the directory: editors often replace the file rather than write into it. */
  watch(onChange: (rules: RulesFile) => void): void {
    const name = basename(this.file);
    this.watcher = watch(dirname(this.file), (_event, changed) => {
      if (changed !== name) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.reload(onChange), 150);
    });
  }

  reload(onChange: (rules: RulesFile) => void): void {
    try {
      const next = loadJsonFile(this.file, RulesFileSchema);
      if (JSON.stringify(next) === JSON.stringify(this.rules)) return;
      this.rules = next;
      this.lastError = null;
      this.loadedAt = Date.now();
      this.log.info(`rules reloaded from ${this.file}`);
      onChange(next);
    } catch (err) {
      this.lastError = (err as Error).message;
      this.log.error(`rules not reloaded, previous rules stay in force: ${this.lastError}`);
    }
  }

  close(): void {
    this.watcher?.close();
    if (this.timer) clearTimeout(this.timer);
  }
}
