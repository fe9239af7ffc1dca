import type { z } from 'zod';

/** A deployment mistake: the message names the file (or environment) and the field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    const key = String(part);
    return acc ? `${acc}.${key}` : key;
  }, '');
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${issuePath(i.path) || '(root)'}: ${i.message}`).join('; ');
}
