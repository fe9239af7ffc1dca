/** The numbers this phone was given, newest first, so a resident need not write them down. */
const KEY = 'minqing.report.numbers';
const KEEP = 5;

export function savedNumbers(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function saveNumber(id: string): void {
  try {
    const next = [id, ...savedNumbers().filter((n) => n !== id)].slice(0, KEEP);
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Private mode or storage full: the number is still on screen.
  }
}
