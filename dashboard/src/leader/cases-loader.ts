import { api } from './api.js';
import { replaceCases } from './state.js';

async function load(): Promise<void> {
  const [{ cases }, { notices }] = await Promise.all([api.openCases(), api.notices()]);
  replaceCases(cases, notices);
}

/** Reload the open cases and the notices (after a (re)connect, events may have been missed). */
export function reloadCases(): void {
  load().catch((err: unknown) => console.warn('[leader] refresh failed', err));
}
