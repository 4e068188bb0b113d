import { PlusOutlined } from '@ant-design/icons';
import { App, Upload, type UploadFile } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import './locales.ts';

const accept = 'image/jpeg,image/png,image/webp';

/**
 * Image URLs as a form value: each picked file is uploaded (POST uploads, raw body) and its URL
 * added; shown as thumbnails, removable, previewable.
 */
export function ImageUpload({
  value = [],
  onChange,
  max = 20,
  testId,
}: {
  value?: string[];
  onChange?: (urls: string[]) => void;
  max?: number;
  testId?: string;
}) {
  const { t } = useTranslation(['catalog', 'common']);
  const { message } = App.useApp();
  const [uploading, setUploading] = useState<UploadFile[]>([]);
  // Several files upload at once: each adds its URL to the value as it is then, not as it was at the start.
  const valueRef = useRef(value);
  valueRef.current = value;
  const fileList: UploadFile[] = [
    ...value.map((url, i) => ({ uid: `${i}-${url}`, name: url.split('/').pop() ?? url, status: 'done' as const, url, thumbUrl: url })),
    ...uploading,
  ];
  return (
    <Upload
      accept={accept}
      listType="picture-card"
      multiple
      fileList={fileList}
      data-testid={testId}
      customRequest={async ({ file, onSuccess, onError }) => {
        const blob = file as File;
        const pending: UploadFile = {
          uid: (blob as File & { uid?: string }).uid ?? String(Math.random()),
          name: blob.name,
          status: 'uploading',
        };
        setUploading((u) => [...u, pending]);
        try {
          const { url } = await api.upload(blob);
          onSuccess?.({ url });
          onChange?.([...valueRef.current, url]);
        } catch (err) {
          message.error(t('upload.failed', { reason: errorText(t, err) }));
          onError?.(err as Error);
        } finally {
          setUploading((u) => u.filter((f) => f.uid !== pending.uid));
        }
      }}
      onRemove={(file) => {
        if (file.url) onChange?.(value.filter((u) => u !== file.url));
        return false;
      }}
    >
      {fileList.length >= max ? null : (
        <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }}>
          <PlusOutlined />
          <div style={{ marginTop: 8 }}>{t('upload.button')}</div>
        </button>
      )}
    </Upload>
  );
}
