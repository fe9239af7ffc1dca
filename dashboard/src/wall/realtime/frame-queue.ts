/**
 * Collects items and hands them over once per animation frame. A timer backs up the frame
 * callback, because browsers pause frames for hidden or covered windows and the queue must not
 * grow for hours while nobody looks.
 */
export function createFrameQueue<T>(apply: (batch: T[]) => void, maxWaitMs = 250) {
  let items: T[] = [];
  let frame = 0;
  let timer = 0;

  function flush(): void {
    if (frame) cancelAnimationFrame(frame);
    if (timer) window.clearTimeout(timer);
    frame = 0;
    timer = 0;
    if (items.length === 0) return;
    const batch = items;
    items = [];
    apply(batch);
  }

  function push(item: T): void {
    items.push(item);
    if (!frame) {
      frame = requestAnimationFrame(flush);
      timer = window.setTimeout(flush, maxWaitMs);
    }
  }

  return { push, flush };
}
