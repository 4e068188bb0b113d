import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, type ButtonProps, Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../common/i18n.ts';

/**
 * A create-or-edit dialog for one fleet record: the form, the save (the caller's request), the
 * server's error in words, and a refresh of the list it belongs to.
 */
export function EditModal<V extends object>({
  open,
  title,
  initialValues,
  save,
  listKey,
  onClose,
  children,
  testId,
  describeError,
}: {
  open: boolean;
  title: string;
  initialValues: Partial<V>;
  save: (values: V) => Promise<unknown>;
  listKey: readonly unknown[];
  onClose: () => void;
  children: (form: FormInstance<V>) => ReactNode;
  testId?: string;
  /** The server's refusal in words, when the record knows better than the error's code (a name taken). */
  describeError?: (err: unknown) => string | undefined;
}) {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: listKey });
      message.success(t('setup.saved'));
      onClose();
    },
    onError: (err) => setError(describeError?.(err) ?? errorText(t, err)),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the dialog opens, not on every new initialValues object
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(initialValues as never);
    setError(null);
  }, [open]);
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:save')}
      okButtonProps={{ loading: mutation.isPending, 'data-testid': testId ? `${testId}-save` : undefined } as ButtonProps}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => mutation.mutate(v)}>
        {children(form)}
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
