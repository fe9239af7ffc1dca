/** /r/611025101202: the village the printed QR code names ('' when the path is not one). */
export function villageCodeFromPath(): string {
  return /^\/r\/(\d{12})\/?$/.exec(window.location.pathname)?.[1] ?? '';
}

export function scrollToTop(): void {
  window.scrollTo(0, 0);
}

export function scrollIntoView(selector: string): void {
  document.querySelector(selector)?.scrollIntoView({ behavior: 'smooth' });
}
