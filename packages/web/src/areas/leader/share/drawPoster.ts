import { toCanvas } from 'qrcode';
import { type PosterContent, type PosterLayout, layoutPoster } from './poster.ts';

function paint(ctx: CanvasRenderingContext2D, layout: PosterLayout, qr: HTMLCanvasElement): void {
  ctx.textBaseline = 'alphabetic';
  for (const op of layout.ops) {
    if (op.kind === 'rect') {
      ctx.fillStyle = op.color;
      ctx.beginPath();
      if (op.radius > 0 && typeof ctx.roundRect === 'function') ctx.roundRect(op.x, op.y, op.w, op.h, op.radius);
      else ctx.rect(op.x, op.y, op.w, op.h);
      ctx.fill();
    } else if (op.kind === 'text') {
      ctx.font = op.font;
      ctx.fillStyle = op.color;
      ctx.textAlign = op.align;
      ctx.fillText(op.text, op.x, op.y);
      if (op.strike) {
        const w = ctx.measureText(op.text).width;
        const x0 = op.align === 'right' ? op.x - w : op.x;
        ctx.fillRect(x0, op.y - 8, w, 2);
      }
    } else {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(qr, op.x, op.y, op.size, op.size);
    }
  }
}

/** Draws the share poster (texts and a QR code of `link`) on a canvas and answers it as a PNG data URL. */
export async function renderPoster(content: PosterContent, link: string): Promise<string> {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas is not available');
  const measure = (text: string, font: string) => {
    ctx.font = font;
    return ctx.measureText(text).width;
  };
  const layout = layoutPoster(content, measure);
  canvas.width = layout.width;
  canvas.height = layout.height;
  const qrOp = layout.ops.find((o) => o.kind === 'qr');
  const qr = document.createElement('canvas');
  await toCanvas(qr, link, { width: qrOp?.size ?? 260, margin: 1, errorCorrectionLevel: 'M' });
  paint(ctx, layout, qr);
  return canvas.toDataURL('image/png');
}
