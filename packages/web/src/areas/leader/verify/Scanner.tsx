import { Button } from 'antd-mobile';
import { StateBlock } from '../../../mobile/StateBlock.tsx';
import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isPickupQr } from './code.ts';

type Problem = 'unsupported' | 'denied' | 'nocamera' | 'failed';

/** Why the camera could not start, from getUserMedia's error name. */
export function cameraProblem(err: unknown): Problem {
  const name = (err as { name?: string })?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') return 'nocamera';
  return 'failed';
}

/**
 * The back camera into a <video>; every 150 ms a frame is drawn to a canvas and read by jsQR.
 * The first resident pickup QR found is handed back and the camera stops. Without a camera
 * (none, refused, or a page that is not https) it says so and offers typing the code.
 */
export default function Scanner({ onResult, onClose }: { onResult: (payload: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const result = useRef(onResult);
  useEffect(() => {
    result.current = onResult;
  }, [onResult]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [foreign, setForeign] = useState(false);

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
    const tick = () => {
      if (stopped) return;
      const v = video.current;
      if (v && ctx && v.readyState >= 2 && v.videoWidth > 0) {
        const scale = Math.min(1, 640 / Math.max(v.videoWidth, v.videoHeight));
        canvas.width = Math.round(v.videoWidth * scale);
        canvas.height = Math.round(v.videoHeight * scale);
        ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
        const frame = ctx.getImageData(0, 0, canvas.width, canvas.height);
        const code = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' });
        if (code?.data) {
          if (isPickupQr(code.data)) {
            stop();
            result.current(code.data.trim());
            return;
          }
          setForeign(true);
        }
      }
      timer = setTimeout(tick, 150);
    };
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem('unsupported');
      return stop;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(
      async (s) => {
        stream = s;
        if (stopped) return stop();
        const v = video.current;
        if (!v) return stop();
        v.srcObject = s;
        try {
          await v.play();
        } catch {
          // autoplay of a muted inline video is allowed; frames are read even if play() complained
        }
        tick();
      },
      (err) => !stopped && setProblem(cameraProblem(err)),
    );
    return stop;
  }, []);

  return (
    <div className="lv-scanner" data-testid="scanner">
      {problem ? (
        <StateBlock
          status="error"
          title={t(`verify.camera.${problem}`)}
          description={t('verify.camera.typeInstead')}
          data-testid="scan-problem"
        >
          <Button color="primary" onClick={onClose} data-testid="scan-type-code">
            {t('verify.typeCode')}
          </Button>
        </StateBlock>
      ) : (
        <>
          <video ref={video} className="lv-video" muted playsInline autoPlay />
          <div className="lv-frame" />
          <div className="lv-scan-hint">
            <span>{foreign ? t('verify.notPickupQr') : t('verify.scanHint')}</span>
          </div>
          <Button className="lv-scan-close" onClick={onClose} data-testid="scan-close">
            {t('verify.typeCode')}
          </Button>
        </>
      )}
    </div>
  );
}
