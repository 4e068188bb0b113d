/** Soft tile colours for products without a photo, picked by the name so a product keeps its colour. */
const tiles = ['#ffb74d', '#81c784', '#64b5f6', '#e57373', '#ba68c8', '#4db6ac', '#f06292', '#a1887f', '#7986cb', '#aed581'];

export function tileColour(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return tiles[h % tiles.length]!;
}

/** The product's first photo, or a coloured tile with its first character. */
export function ProductImage({ name, src, size = 88 }: { name: string; src: string | null | undefined; size?: number }) {
  const style = { width: size, height: size, borderRadius: 8, flex: 'none' as const };
  if (src) return <img src={src} alt={name} loading="lazy" style={{ ...style, objectFit: 'cover', background: '#f2f2f2' }} />;
  return (
    <div
      role="img"
      aria-label={name}
      className="shop-tile"
      style={{ ...style, background: tileColour(name), fontSize: Math.round(size * 0.42) }}
    >
      {Array.from(name.trim())[0] ?? '?'}
    </div>
  );
}
