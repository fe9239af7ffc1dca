import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Category, HotlineCallbackConfig } from '#contracts';
import { CATEGORIES, CATEGORY_LABEL_ZH, HotlineConfig } from '#contracts';
import { ConfigError } from '../../backend/config/errors.js';
import { loadJsonFile } from '../../backend/config/files.js';

export const HOTLINE_CONFIG_FILE = 'hotline.json';

/** A signing secret shorter than this is a mistake (a placeholder, a truncated copy). */
export const MIN_SECRET_LENGTH = 16;

/** An operator's category name (or our code or label) → our category; undefined when unknown. */
export type CategoryMap = (name: string | undefined) => Category | undefined;

/** The callback as configured, with its secret looked up. */
export interface CallbackSetup {
  config: HotlineCallbackConfig;
  secret: string;
}

export interface HotlineSetup {
  categories: CategoryMap;
  /** Null without a `callback` in the file: no answers are sent back (the pull endpoint works). */
  callback: CallbackSetup | null;
}

const EMPTY: HotlineConfig = { categories: {} };

/**
 * config/hotline.json (optional). A bad file stops the start with the file and the field named
 * (ConfigError), a callback secret that cannot be found too.
 */
export function loadHotlineSetup(
  configDir: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): HotlineSetup {
  const file = configDir ? join(configDir, HOTLINE_CONFIG_FILE) : undefined;
  const config = file && existsSync(file) ? loadJsonFile(file, HotlineConfig) : EMPTY;
  return {
    categories: categoryMap(config),
    callback:
      config.callback && file && configDir
        ? { config: config.callback, secret: callbackSecret(config.callback, file, configDir, env) }
        : null,
  };
}

/**
 * Our codes and Chinese labels always map; config/hotline.json adds the call centre's own names.
 * Without the file only ours map, and text understanding infers the rest.
 */
export function loadCategoryMap(configDir: string | undefined): CategoryMap {
  const file = configDir ? join(configDir, HOTLINE_CONFIG_FILE) : undefined;
  return categoryMap(file && existsSync(file) ? loadJsonFile(file, HotlineConfig) : EMPTY);
}

function categoryMap(config: HotlineConfig): CategoryMap {
  const names = new Map<string, Category>();
  for (const category of CATEGORIES) {
    names.set(category, category);
    names.set(CATEGORY_LABEL_ZH[category], category);
  }
  for (const [name, category] of Object.entries(config.categories)) names.set(name, category);
  return (name) => (name === undefined ? undefined : names.get(name.trim()));
}

/** The secret from the environment variable or the file the config names; never from the config. */
function callbackSecret(
  callback: HotlineCallbackConfig,
  file: string,
  configDir: string,
  env: NodeJS.ProcessEnv,
): string {
  let secret: string | undefined;
  let field: string;
  if (callback.secretEnv) {
    field = 'callback.secretEnv';
    secret = env[callback.secretEnv]?.trim();
    if (!secret) throw new ConfigError(`${file}: ${field}: ${callback.secretEnv} is not set`);
  } else {
    field = 'callback.secretFile';
    const path = callback.secretFile ?? '';
    const full = isAbsolute(path) ? path : join(configDir, path);
    try {
      secret = readFileSync(full, 'utf8').trim();
    } catch (err) {
      throw new ConfigError(`${file}: ${field}: cannot read ${full} (${(err as Error).message})`);
    }
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      `${file}: ${field}: the secret must be at least ${MIN_SECRET_LENGTH} characters`,
    );
  }
  return secret;
}
