import { PrinterOutlined } from '@ant-design/icons';
import { Button, Modal } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** The labels page in a frame, with a button that prints just the frame. */
export function LabelsPreview({ html, date, onClose }: { html: string | null; date: string; onClose: () => void }) {
  const { t } = useTranslation('sorting');
  const frame = useRef<HTMLIFrameElement>(null);
  return (
    <Modal
      open={html !== null}
      onCancel={onClose}
      width={1040}
      title={t('labels.title', { date })}
      footer={[
        <Button key="close" onClick={onClose}>
          {t('common:close')}
        </Button>,
        <Button
          key="print"
          type="primary"
          icon={<PrinterOutlined />}
          onClick={() => frame.current?.contentWindow?.print()}
          data-testid="labels-print-now"
        >
          {t('labels.print')}
        </Button>,
      ]}
    >
      {html !== null && (
        <iframe
          ref={frame}
          title={t('labels.title', { date })}
          srcDoc={html}
          sandbox="allow-same-origin allow-modals"
          style={{ width: '100%', height: '68vh', border: '1px solid #eee', borderRadius: 6, background: '#fff' }}
          data-testid="labels-frame"
        />
      )}
    </Modal>
  );
}
