import type * as feedback from '@linli/contracts/feedback';
import type { z } from 'zod';

export type OrderFeedback = z.infer<typeof feedback.OrderFeedback>;
export type Complaint = z.infer<typeof feedback.Complaint>;
export type ComplaintTarget = z.infer<typeof feedback.ComplaintTargetKind>;

export const feedbackKeys = {
  order: (id: string) => ['shop', 'orders', id, 'feedback'] as const,
  complaints: ['shop', 'complaints'] as const,
};
