import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { issueText } from '../../../common/validation.ts';
import { yuanToFen } from '../../../common/format.ts';

/** Fen from a yuan input's value (InputNumber gives a number, or null when empty). */
export function fenOf(yuanValue: number | string | null | undefined): number | undefined {
  if (yuanValue === null || yuanValue === undefined || yuanValue === '') return undefined;
  return yuanToFen(yuanValue);
}

/** Yuan for a yuan input from fen. */
export function yuanOf(fen: number | null | undefined): number | undefined {
  return fen === null || fen === undefined ? undefined : fen / 100;
}

/**
 * An antd Form rule for an amount typed in yuan and sent in fen: the contract's fen schema
 * checks the converted value, and its limits are told back in yuan.
 */
export function yuanRule(schema: z.ZodType, t: TFunction) {
  return {
    validator: async (_: unknown, value: unknown) => {
      const fen = fenOf(value as number | string | null | undefined);
      const parsed = schema.safeParse(fen);
      if (parsed.success) return;
      const issue = parsed.error.issues[0]!;
      if (issue.code === 'too_small' || issue.code === 'too_big') {
        const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
        const inclusive = issue.inclusive !== false;
        const yuan = (bound + (inclusive ? 0 : issue.code === 'too_small' ? 1 : -1)) / 100;
        throw new Error(
          t(
            issue.code === 'too_small' ? 'common:validation.tooSmall' : 'common:validation.tooBig',
            issue.code === 'too_small' ? { min: yuan } : { max: yuan },
          ),
        );
      }
      throw new Error(issueText(t, issue));
    },
  };
}
