import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code of `value` as an image (drawn in the browser, nothing leaves the page). */
export function QrImage({ value, size = 180, alt }: { value: string; size?: number; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    toDataURL(value, { width: size, margin: 1, errorCorrectionLevel: 'M' }).then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [value, size]);
  return src ? <img src={src} width={size} height={size} alt={alt} data-qr={value} /> : <div style={{ width: size, height: size }} />;
}
