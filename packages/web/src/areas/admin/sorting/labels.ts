import { ApiError, type Query, apiUrl } from '../../../common/api.ts';
import { clearSession, readSession } from '../../../common/session.ts';

/**
 * An HTML page of the API (the printable labels) fetched with the staff session: the page needs
 * the bearer token, so it cannot simply be opened by URL.
 */
export async function fetchHtml(path: string, query: Query): Promise<string> {
  const session = readSession('admin');
  let res: Response;
  try {
    res = await fetch(apiUrl(path, query), { headers: session ? { authorization: `Bearer ${session.token}` } : {} });
  } catch (err) {
    throw new ApiError('NETWORK', 0, (err as Error).message);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    if (res.status === 401 && session) clearSession('admin');
    throw new ApiError(body.code ?? `HTTP_${res.status}`, res.status, body.message ?? res.statusText);
  }
  return res.text();
}
