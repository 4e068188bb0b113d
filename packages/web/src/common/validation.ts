import type { TFunction } from 'i18next';
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

const blank = (v: unknown) => v === undefined || v === null || v === '';

/** The value an issue is about (zod does not report inputs unless asked). */
function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/** One zod issue as a message in the user's language (the contracts' own messages are English). */
export function issueText(t: TFunction, issue: Issue, value?: unknown): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? t('common:validation.required') : t('common:validation.tooShort', { min: issue.minimum });
      if (issue.origin === 'array') return t('common:validation.required');
      return t('common:validation.tooSmall', { min: issue.minimum });
    case 'too_big':
      if (issue.origin === 'string') return t('common:validation.tooLong', { max: issue.maximum });
      return t('common:validation.tooBig', { max: issue.maximum });
    case 'invalid_type':
      if (blank(value)) return t('common:validation.required');
      if (issue.expected === 'int') return t('common:validation.integer');
      if (issue.expected === 'number') return t('common:validation.number');
      return t('common:validation.invalid');
    case 'invalid_format':
      if (issue.format === 'regex' && String((issue as { pattern?: unknown }).pattern ?? '').includes('1[3-9]'))
        return t('common:validation.phone');
      if (issue.format === 'regex' && String((issue as { pattern?: unknown }).pattern ?? '').includes('{6}'))
        return t('common:validation.code');
      return t('common:validation.format');
    case 'invalid_value':
    case 'invalid_union':
      if (blank(value)) return t('common:validation.required');
      return t('common:validation.invalid');
    default:
      return t('common:validation.invalid');
  }
}

/**
 * Validates form values with the API's own zod schema and answers the messages by field
 * (the first issue per top-level field), or the parsed value when valid.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  values: unknown,
  t: TFunction,
): { ok: true; value: z.infer<S> } | { ok: false; fields: Record<string, string> } {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    if (!(key in fields)) fields[key] = issueText(t, issue, valueAt(values, issue.path));
  }
  return { ok: false, fields };
}

/** An antd Form rule that checks one field with a zod schema (the field's schema from the contract). */
export function zodRule(schema: z.ZodType, t: TFunction) {
  return {
    validator: async (_: unknown, value: unknown) => {
      const parsed = schema.safeParse(value === '' ? undefined : value);
      if (!parsed.success) throw new Error(issueText(t, parsed.error.issues[0]!, valueAt(value, parsed.error.issues[0]!.path)));
    },
  };
}
