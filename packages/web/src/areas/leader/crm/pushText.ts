import type { crm } from '@linli/contracts';
import type { z } from 'zod';
import { yuan } from '../../../common/format.ts';

type SegmentPush = z.infer<typeof crm.SegmentPush>;

export interface PushWords {
  /** The message's title for a segment (e.g. 老朋友专享). */
  title: string;
  cutoff: (time: string) => string;
  cta: string;
}

/**
 * A message to paste into a chat for one segment's push: the title, each line with its group
 * price (and list price when dearer), the earliest cutoff, and the link to my pickup point, as the
 * share page's message is written (share/content.ts).
 */
export function pushMessage(push: SegmentPush, link: string, words: PushWords, formatTime: (iso: string) => string): string {
  const items = push.lines.map(
    (l) =>
      `· ${l.productName}${l.spec ? ` ${l.spec}` : ''} ${yuan(l.groupPriceFen)}${l.listPriceFen > l.groupPriceFen ? `（${yuan(l.listPriceFen)}）` : ''}`,
  );
  const cutoff = push.lines.map((l) => l.cutoffAt).sort()[0];
  return [`【${words.title}】`, ...items, ...(cutoff ? [words.cutoff(formatTime(cutoff))] : []), `${words.cta} ${link}`].join('\n');
}
