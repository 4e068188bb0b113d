import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Switch } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { yuanToFen } from '../../../../common/format.ts';
import { errorText } from '../../../../common/i18n.ts';
import { zodRule } from '../../../../common/validation.ts';
import { api } from '../../api.ts';

/** A rule for a yuan input checked against a fen field of the contract. */
export function fenRule(schema: z.ZodType, t: TFunction) {
  const rule = zodRule(schema, t);
  return {
    validator: (r: unknown, v: number | null | undefined) => rule.validator(r, v === null || v === undefined ? undefined : yuanToFen(v)),
  };
}

/** A card holding one fleet list, with its add button. */
export function SetupCard({ title, onAdd, testId, children }: { title: string; onAdd: () => void; testId: string; children: ReactNode }) {
  const { t } = useTranslation('dispatch');
  return (
    <Card
      size="small"
      title={title}
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={onAdd} data-testid={`${testId}-add`}>
          {t('setup.add')}
        </Button>
      }
      styles={{ body: { padding: 0 } }}
    >
      {children}
    </Card>
  );
}

/** The active switch of a fleet record (PATCH {active}). */
export function ActiveSwitch({ path, active, listKey }: { path: string; active: boolean; listKey: readonly unknown[] }) {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const client = useQueryClient();
  const patch = useMutation({
    mutationFn: (value: boolean) => api.patch(path, { active: value }),
    onSuccess: () => void client.invalidateQueries({ queryKey: listKey }),
    onError: (err) => message.error(errorText(t, err)),
  });
  return <Switch size="small" checked={active} loading={patch.isPending} onChange={(v) => patch.mutate(v)} />;
}
