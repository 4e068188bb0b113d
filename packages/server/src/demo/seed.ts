import type { AppContext } from '../context.ts';

export async function maybeSeedDemo(_ctx: AppContext): Promise<{ howToLogIn(base: string): string[] } | undefined> {
  return undefined;
}
