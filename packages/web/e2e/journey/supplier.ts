/** The supplier's steps in /supplier (a phone). */
import { expect } from 'vitest';
import { supplierLocales } from '../../src/areas/supplier/locales.ts';
import { byTestId } from '../browser.ts';
import { expectVisibleTexts, tr } from './text.ts';
import type { World } from './world.ts';

const s = (w: World, key: string) => tr(supplierLocales, w.lang, key);

/** The supplier opens the order that was sent to them and confirms it in full. */
export async function supplierConfirms(w: World): Promise<void> {
  if (!w.facts.supplierPhone) throw new Error('no supplier known: the order step did not run');
  const page = await w.logIn('supplier', w.facts.supplierPhone);
  const row = byTestId(page, 'po-row').first();
  await row.waitFor();
  await expectVisibleTexts(page, [s(w, 'tabs.orders'), s(w, 'status.sent')]);
  await w.shot('supplier', 'orders');
  await row.click();
  await byTestId(page, 'po-confirm').click();
  await byTestId(page, 'po-confirm-form').waitFor();
  await expectVisibleTexts(page, [s(w, 'confirm.title')]);
  await w.shot('supplier', 'confirm');
  await byTestId(page, 'po-submit').click();
  await expect
    .poll(() => byTestId(page, 'po-status').first().getAttribute('data-status'), { timeout: 15_000, message: 'the order reads confirmed' })
    .toBe('confirmed');
  await w.shot('supplier', 'order-confirmed');
}

/** After receiving, the supplier's statement shows what they are owed. */
export async function supplierSeesStatement(w: World): Promise<void> {
  const page = await w.open('supplier', 'statement');
  await byTestId(page, 'statement-balance').waitFor();
  await expectVisibleTexts(page, [s(w, 'tabs.statement')]);
  await w.shot('supplier', 'statement');
}
