import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NotifyFile } from '#contracts';
import { NotifyFile as NotifyFileSchema } from '#contracts';
import { ConfigError } from '../config/errors.js';
import { loadJsonFile } from '../config/files.js';
import type { ResolvedChannel } from './channels/types.js';

export interface NotifySetup {
  file: NotifyFile;
  channels: ReadonlyMap<string, ResolvedChannel>;
}

const EMPTY: NotifyFile = {
  channels: [],
  retry: { maxAttempts: 8, baseSeconds: 5, maxSeconds: 600, timeoutSeconds: 10 },
};

/**
 * config/notify.json (optional): channels with their secrets looked up. A secretEnv naming an
 * unset variable is a deployment mistake and stops the start, naming the channel.
 */
export function loadNotifySetup(
  configDir: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): NotifySetup {
  const path = configDir ? join(configDir, 'notify.json') : null;
  const file = path && existsSync(path) ? loadJsonFile(path, NotifyFileSchema) : EMPTY;
  const channels = new Map<string, ResolvedChannel>();
  file.channels.forEach((channel, i) => {
    const { secret, secretEnv, ...rest } = channel;
    const fromEnv = secretEnv ? env[secretEnv] : undefined;
    if (secretEnv && !fromEnv) {
      throw new ConfigError(`${path}: channels[${i}].secretEnv: ${secretEnv} is not set`);
    }
    if (channels.has(channel.id)) {
      throw new ConfigError(`${path}: channels[${i}].id: duplicate channel id "${channel.id}"`);
    }
    channels.set(channel.id, { ...rest, secret: fromEnv ?? secret ?? null });
  });
  return { file, channels };
}
