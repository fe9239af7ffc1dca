/** `fn` once, `ms` after the last of a burst of calls; `cancel` drops a pending call. */
export function debounce(
  fn: () => void,
  ms: number,
): { run(delayMs?: number): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    run(delayMs = ms) {
      cancel();
      timer = setTimeout(() => {
        timer = null;
        fn();
      }, delayMs);
    },
    cancel,
  };
}
