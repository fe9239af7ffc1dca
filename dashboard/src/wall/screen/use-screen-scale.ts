import { computed, onBeforeUnmount, onMounted, shallowRef } from 'vue';

/** The design canvas: every panel is laid out in these pixels and never reflows. */
export const DESIGN_WIDTH = 1920;
export const DESIGN_HEIGHT = 1080;

/** Current canvas scale, shared so charts can render their canvases at the shown resolution. */
export const screenScale = shallowRef(1);

/**
 * Pixel ratio for chart canvases so they stay sharp when the canvas is scaled up (2× on a 4K
 * wall). In half steps, because a change re-creates the chart.
 */
export const canvasPixelRatio = computed(() =>
  Math.max(1, Math.ceil(window.devicePixelRatio * screenScale.value * 2) / 2),
);

/**
 * Fit the 1920×1080 canvas into the window with a CSS transform, letterboxed and centred:
 * 1920×1080 shows it 1:1, 3840×2160 at 2×, other shapes get dark bars.
 */
export function useScreenScale() {
  const width = shallowRef(window.innerWidth);
  const height = shallowRef(window.innerHeight);

  function measure(): void {
    width.value = window.innerWidth;
    height.value = window.innerHeight;
    screenScale.value = Math.min(width.value / DESIGN_WIDTH, height.value / DESIGN_HEIGHT);
  }

  const style = computed(() => {
    const scale = screenScale.value;
    const x = Math.max(0, (width.value - DESIGN_WIDTH * scale) / 2);
    const y = Math.max(0, (height.value - DESIGN_HEIGHT * scale) / 2);
    return {
      width: `${DESIGN_WIDTH}px`,
      height: `${DESIGN_HEIGHT}px`,
      transform: `translate(${x}px, ${y}px) scale(${scale})`,
    };
  });

  measure();
  onMounted(() => window.addEventListener('resize', measure));
  onBeforeUnmount(() => window.removeEventListener('resize', measure));

  return { style, scale: screenScale };
}
