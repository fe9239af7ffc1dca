export interface GridLayout {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
}

/**
 * The tile grid that gives the largest tiles of roughly `aspect` (width / height) for `count`
 * towns in a `width` × `height` area. 18 towns in the centre panel come out as 4 × 5.
 */
export function gridLayout(
  count: number,
  width: number,
  height: number,
  gap: number,
  aspect = 1.45,
): GridLayout {
  let best: GridLayout = { columns: 1, rows: 1, tileWidth: width, tileHeight: height };
  let bestScore = -1;
  for (let columns = 1; columns <= Math.max(1, count); columns++) {
    const rows = Math.max(1, Math.ceil(count / columns));
    const tileWidth = (width - (columns - 1) * gap) / columns;
    const tileHeight = (height - (rows - 1) * gap) / rows;
    const score = Math.min(tileWidth / aspect, tileHeight);
    if (score > bestScore) {
      bestScore = score;
      best = { columns, rows, tileWidth, tileHeight };
    }
  }
  return best;
}
