import { type Area, clearSession, readSession } from './session.ts';

/** An answer of the API that is not a success: the server's stable code, or NETWORK when it was not reached. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, status: number, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Builds `/api/v1/<path>?query`, leaving out empty values. */
export function apiUrl(path: string, query?: Query): string {
  const url = `/api/v1/${path.replace(/^\//, '')}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

/** The JSON client of one area: sends that area's session token, and forgets the session on a 401. */
export interface Api {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
  /** Uploads an image (raw body) and answers its id and URL. */
  upload(file: Blob): Promise<{ id: string; url: string }>;
  /** Downloads a file (Excel exports) with the session and hands it to the browser. */
  download(path: string, filename: string, query?: Query): Promise<void>;
}

declare global {
  interface Window {
    /** Requests an area's HTML page started before its scripts loaded, by API path (see shop/index.html). */
    __linliEarly?: Record<string, Promise<Response> | undefined>;
  }
}

/** The answer an HTML page already asked for, taken once (a GET of that exact path). */
function takeEarly(method: string, url: string): Promise<Response> | undefined {
  const early = typeof window === 'undefined' ? undefined : window.__linliEarly;
  if (method !== 'GET' || !early) return undefined;
  const path = url.replace('/api/v1/', '');
  const answer = early[path];
  early[path] = undefined;
  return answer;
}

async function send(
  area: Area,
  method: string,
  url: string,
  body: BodyInit | undefined,
  headers: Record<string, string>,
  signal?: AbortSignal,
) {
  const session = readSession(area);
  const h: Record<string, string> = { ...headers };
  if (session) h.authorization = `Bearer ${session.token}`;
  let res: Response;
  try {
    res = await (takeEarly(method, url) ?? fetch(url, { method, body, headers: h, signal }));
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('NETWORK', 0, (err as Error).message);
  }
  if (!res.ok) {
    let payload: { code?: string; message?: string; details?: Record<string, unknown> } = {};
    try {
      payload = await res.json();
    } catch {
      // not JSON (a proxy's error page): keep the status
    }
    if (res.status === 401 && session) clearSession(area);
    throw new ApiError(payload.code ?? `HTTP_${res.status}`, res.status, payload.message ?? res.statusText, payload.details);
  }
  return res;
}

export function createApi(area: Area): Api {
  const request = async <T>(method: string, path: string, options: RequestOptions = {}): Promise<T> => {
    const headers: Record<string, string> = { ...options.headers };
    let body: BodyInit | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const res = await send(area, method, apiUrl(path, options.query), body, headers, options.signal);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    request,
    get: (path, query) => request('GET', path, { query }),
    post: (path, body, headers) => request('POST', path, { body: body ?? {}, headers }),
    put: (path, body) => request('PUT', path, { body: body ?? {} }),
    patch: (path, body) => request('PATCH', path, { body: body ?? {} }),
    delete: (path) => request('DELETE', path),
    async upload(file) {
      const res = await send(area, 'POST', apiUrl('uploads'), file, { 'content-type': file.type || 'application/octet-stream' });
      return (await res.json()) as { id: string; url: string };
    },
    async download(path, filename, query) {
      const res = await send(area, 'GET', apiUrl(path, query), undefined, {});
      const blob = await res.blob();
      const href = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = href;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    },
  };
}
