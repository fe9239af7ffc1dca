/** A tiny levelled logger to stderr/stdout; one line per message with an ISO timestamp. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const ORDER = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof ORDER)[number];

export function createLogger(level: LogLevel = 'info'): Logger {
  const min = ORDER.indexOf(level);
  const at = (l: LogLevel) => (message: string) => {
    if (ORDER.indexOf(l) < min) return;
    const line = `${new Date().toISOString()} ${l.toUpperCase()} ${message}`;
    if (l === 'error' || l === 'warn') console.error(line);
    else console.log(line);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
