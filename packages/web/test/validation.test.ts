import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { common } from '../src/common/locales.ts';
import { validate } from '../src/common/validation.ts';

beforeAll(async () => {
  await i18n.init({ lng: 'zh-CN', resources: { 'zh-CN': { common: common['zh-CN'] }, en: { common: common.en } } });
});

const schema = z.strictObject({
  phone: z.string().regex(/^1[3-9][0-9]{9}$/),
  quantity: z.number().int().min(1).max(5),
  kind: z.enum(['damaged', 'missing']),
});

describe('validate with a contract schema', () => {
  it('answers the parsed value when valid', () => {
    expect(validate(schema, { phone: '13800000000', quantity: 2, kind: 'damaged' }, i18n.t)).toEqual({
      ok: true,
      value: { phone: '13800000000', quantity: 2, kind: 'damaged' },
    });
  });
  it('names each field in Chinese, a missing choice as required', () => {
    const r = validate(schema, { phone: '123', quantity: 9 }, i18n.t);
    expect(r).toEqual({ ok: false, fields: { phone: '请输入 11 位手机号', quantity: '不能大于 5', kind: '必填' } });
  });
  it('speaks English when the user chose it', async () => {
    await i18n.changeLanguage('en');
    const r = validate(schema, { phone: '13800000000', quantity: 0, kind: 'x' }, i18n.t);
    expect(r).toEqual({ ok: false, fields: { quantity: 'Must be at least 1', kind: 'Invalid value' } });
    await i18n.changeLanguage('zh-CN');
  });
});
