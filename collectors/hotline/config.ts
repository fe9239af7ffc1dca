import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Category } from '#contracts';
import { CATEGORIES, CATEGORY_LABEL_ZH, HotlineConfig } from '#contracts';
import { loadJsonFile } from '../../backend/config/files.js';

export const HOTLINE_CONFIG_FILE = 'hotline.json';

/** An operator's category name (or our code or label) → our category; undefined when unknown. */
export type CategoryMap = (name: string | undefined) => Category | undefined;

/**
 * Our codes and Chinese labels always map; config/hotline.json adds the call centre's own names.
 * Without the file only ours map, and text understanding infers the rest. A bad file stops the
 * start with the file and the field named (ConfigError).
 */
export function loadCategoryMap(configDir: string | undefined): CategoryMap {
  const names = new Map<string, Category>();
  for (const category of CATEGORIES) {
    names.set(category, category);
    names.set(CATEGORY_LABEL_ZH[category], category);
  }
  const file = configDir ? join(configDir, HOTLINE_CONFIG_FILE) : undefined;
  if (file && existsSync(file)) {
    const config = loadJsonFile(file, HotlineConfig);
    for (const [name, category] of Object.entries(config.categories)) names.set(name, category);
  }
  return (name) => (name === undefined ? undefined : names.get(name.trim()));
}
