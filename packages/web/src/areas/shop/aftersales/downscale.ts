/** Photos larger than this (longest side, in pixels) are redrawn smaller before upload. */
export const MAX_SIDE = 1600;
const KEEP_BYTES = 1_500_000;

/** The target size of an image of w × h so that its longest side is at most `max`. */
export function fitWithin(w: number, h: number, max = MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

async function decode(file: Blob): Promise<ImageBitmap | HTMLImageElement> {
  if ('createImageBitmap' in window) {
    try {
      return await createImageBitmap(file, { imageOrientation: 'from-image' });
    } catch {
      // fall back to an <img> below (older WebViews)
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * A phone photo ready to upload: redrawn as a JPEG of at most 1600 px on its longest side when it
 * is bigger than that or heavy; small JPEG, PNG and WebP files are sent as they are.
 */
export async function downscale(file: File, maxSide = MAX_SIDE): Promise<Blob> {
  let image: ImageBitmap | HTMLImageElement;
  try {
    image = await decode(file);
  } catch {
    return file; // not an image the browser can read: the server says which types it takes
  }
  const w = 'naturalWidth' in image ? image.naturalWidth : image.width;
  const h = 'naturalHeight' in image ? image.naturalHeight : image.height;
  const light = file.size <= KEEP_BYTES && /^image\/(jpeg|png|webp)$/.test(file.type);
  if (Math.max(w, h) <= maxSide && light) return file;
  const size = fitWithin(w, h, maxSide);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return file;
  ctx.fillStyle = '#fff'; // transparent PNG areas become white, not black, in a JPEG
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.drawImage(image, 0, 0, size.width, size.height);
  if ('close' in image) image.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  return blob ?? file;
}
