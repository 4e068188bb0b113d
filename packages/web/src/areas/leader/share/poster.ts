/**
 * The share poster's layout as pure maths: text is measured through a function (the canvas's
 * measureText in the browser, a fixed width per character in tests), wrapped, cut with an
 * ellipsis, and placed; the result is a list of drawing operations with coordinates.
 */

/** The width of `text` drawn in `font` (CSS font shorthand). */
export type Measure = (text: string, font: string) => number;

export interface PosterItem {
  name: string;
  spec: string;
  groupPrice: string;
  listPrice: string | null;
}

export interface PosterContent {
  brand: string;
  title: string;
  /** Short facts under the title: the cutoff, the pickup date. */
  facts: string[];
  items: PosterItem[];
  /** How many items were left out ("and 5 more"), already worded; null when none. */
  moreText: string | null;
  pointName: string;
  pointAddress: string;
  scanHint: string;
}

export type PosterOp =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; color: string; radius: number }
  | { kind: 'text'; x: number; y: number; text: string; font: string; color: string; align: 'left' | 'right'; strike?: boolean }
  | { kind: 'qr'; x: number; y: number; size: number };

export interface PosterLayout {
  width: number;
  height: number;
  ops: PosterOp[];
}

export const POSTER_WIDTH = 750;
export const MAX_ITEMS = 6;
const PAD = 40;
const INNER = 28;
const FAMILY = '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
export const fonts = {
  brand: `600 28px ${FAMILY}`,
  title: `700 48px ${FAMILY}`,
  fact: `400 28px ${FAMILY}`,
  item: `600 32px ${FAMILY}`,
  spec: `400 24px ${FAMILY}`,
  price: `700 40px ${FAMILY}`,
  list: `400 24px ${FAMILY}`,
  point: `700 32px ${FAMILY}`,
  address: `400 26px ${FAMILY}`,
  hint: `400 24px ${FAMILY}`,
};
const ORANGE = '#ff6a00';

/** Text split into the pieces a line may break between: each CJK character alone, Latin words with their trailing spaces. */
export function breakUnits(text: string): string[] {
  return (
    text.match(
      /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF][，。、；：！？）》」』,.;:!?)]*|[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]+\s*|\s+/g,
    ) ?? []
  );
}

/**
 * `text` when it fits in `maxWidth`, else its longest start that fits together with an ellipsis
 * (`always`: end with the ellipsis even when the text fits, because more was cut before).
 */
export function ellipsize(text: string, maxWidth: number, measure: (s: string) => number, always = false): string {
  if (!always && measure(text) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${chars.slice(0, mid).join('').trimEnd()}…`) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/**
 * Greedy line wrapping: as many units per line as fit in `maxWidth` (a unit wider than a line is
 * cut by characters); past `maxLines` the last line ends with an ellipsis.
 */
export function wrapText(text: string, maxWidth: number, measure: (s: string) => number, maxLines = Number.POSITIVE_INFINITY): string[] {
  const lines: string[] = [];
  let line = '';
  const units = breakUnits(text.replace(/\s+/g, ' ').trim());
  const queue = [...units];
  while (queue.length > 0) {
    const unit = queue.shift() as string;
    const next = line + unit;
    if (measure(next.trimEnd()) <= maxWidth) {
      line = next;
      continue;
    }
    if (line.trim() === '') {
      // A single unit wider than the line: cut it where it stops fitting.
      const chars = [...unit];
      let n = 1;
      while (n < chars.length && measure(chars.slice(0, n + 1).join('')) <= maxWidth) n++;
      lines.push(chars.slice(0, n).join(''));
      const rest = chars.slice(n).join('');
      if (rest) queue.unshift(rest);
      line = '';
      continue;
    }
    lines.push(line.trimEnd());
    line = unit.trimStart();
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept.length - 1;
  kept[last] = ellipsize(kept[last] as string, maxWidth, measure, true);
  return kept;
}

/** Places everything on the poster; its height follows the content. */
export function layoutPoster(content: PosterContent, measure: Measure): PosterLayout {
  const ops: PosterOp[] = [];
  const width = POSTER_WIDTH;
  const inner = width - PAD * 2;
  const m = (font: string) => (s: string) => measure(s, font);
  const text = (x: number, y: number, t: string, font: string, color: string, align: 'left' | 'right' = 'left', strike = false) =>
    ops.push({ kind: 'text', x, y, text: t, font, color, align, ...(strike ? { strike } : {}) });

  // Header: brand, title (up to 2 lines), facts, on the brand colour.
  let y = PAD;
  const titleLines = wrapText(content.title, inner, m(fonts.title), 2);
  const factLines = content.facts.flatMap((f) => wrapText(f, inner, m(fonts.fact), 1));
  const headerHeight = PAD + 40 + titleLines.length * 64 + 12 + factLines.length * 40 + PAD - 16;
  ops.push({ kind: 'rect', x: 0, y: 0, w: width, h: headerHeight + 60, color: ORANGE, radius: 0 });
  text(PAD, y + 28, content.brand, fonts.brand, '#ffe7d1');
  y += 40;
  for (const l of titleLines) {
    text(PAD, y + 50, l, fonts.title, '#ffffff');
    y += 64;
  }
  y += 12;
  for (const l of factLines) {
    text(PAD, y + 30, l, fonts.fact, '#fff3e8');
    y += 40;
  }
  y = headerHeight;

  // Items on a white card: name and spec on the left, group price and struck list price on the right.
  const items = content.items.slice(0, MAX_ITEMS);
  const rowHeight = 104;
  const cardTop = y;
  const cardHeight = INNER * 2 + items.length * rowHeight + (content.moreText ? 48 : 0);
  ops.push({ kind: 'rect', x: PAD - 16, y: cardTop, w: inner + 32, h: cardHeight, color: '#ffffff', radius: 20 });
  y += INNER;
  const left = PAD + 8;
  const right = width - PAD - 8;
  for (const [i, item] of items.entries()) {
    const priceWidth = Math.max(measure(item.groupPrice, fonts.price), item.listPrice ? measure(item.listPrice, fonts.list) : 0);
    const nameWidth = right - left - priceWidth - 24;
    text(left, y + 40, ellipsize(item.name, nameWidth, m(fonts.item)), fonts.item, '#222222');
    if (item.spec) text(left, y + 78, ellipsize(item.spec, nameWidth, m(fonts.spec)), fonts.spec, '#888888');
    text(right, y + 42, item.groupPrice, fonts.price, '#ff3b30', 'right');
    if (item.listPrice) text(right, y + 78, item.listPrice, fonts.list, '#999999', 'right', true);
    if (i < items.length - 1) ops.push({ kind: 'rect', x: left, y: y + rowHeight - 1, w: right - left, h: 1, color: '#eeeeee', radius: 0 });
    y += rowHeight;
  }
  if (content.moreText) {
    text(left, y + 32, content.moreText, fonts.spec, '#888888');
    y += 48;
  }
  y = cardTop + cardHeight + 32;

  // Footer: the QR code of the shop link, and my pickup point beside it.
  const qrSize = 260;
  const footTop = y;
  const textLeft = PAD + qrSize + 32;
  const textWidth = width - PAD - textLeft;
  const nameLines = wrapText(content.pointName, textWidth, m(fonts.point), 2);
  const addressLines = wrapText(content.pointAddress, textWidth, m(fonts.address), 3);
  const hintLines = wrapText(content.scanHint, textWidth, m(fonts.hint), 2);
  const textHeight = nameLines.length * 44 + 8 + addressLines.length * 36 + 16 + hintLines.length * 32;
  const footHeight = Math.max(qrSize, textHeight) + INNER * 2;
  ops.push({ kind: 'rect', x: PAD - 16, y: footTop, w: inner + 32, h: footHeight, color: '#ffffff', radius: 20 });
  ops.push({ kind: 'qr', x: PAD, y: footTop + INNER, size: qrSize });
  let ty = footTop + INNER + Math.max(0, (qrSize - textHeight) / 2);
  for (const l of nameLines) {
    text(textLeft, ty + 34, l, fonts.point, '#222222');
    ty += 44;
  }
  ty += 8;
  for (const l of addressLines) {
    text(textLeft, ty + 28, l, fonts.address, '#555555');
    ty += 36;
  }
  ty += 16;
  for (const l of hintLines) {
    text(textLeft, ty + 24, l, fonts.hint, ORANGE);
    ty += 32;
  }
  const height = footTop + footHeight + PAD;
  ops.unshift({ kind: 'rect', x: 0, y: 0, w: width, h: height, color: '#fff4ec', radius: 0 });
  return { width, height, ops };
}
