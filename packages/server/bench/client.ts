import { Pool } from 'undici';
import type { BenchResident } from './world.ts';

export interface ApiResponse {
  status: number;
  body: any;
  ms: number;
}

/** A keep-alive connection pool to the server, one request at a time per connection. */
export class Api {
  readonly pool: Pool;

  constructor(baseUrl: string, connections: number) {
    this.pool = new Pool(baseUrl, { connections, pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });
  }

  /** Sends one JSON request and reads the whole answer; a network failure is status 0 with body.code set. */
  async send(method: 'GET' | 'POST', path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(options.body);
    }
    const started = performance.now();
    try {
      const res = await this.pool.request({ method, path, headers, body: payload, headersTimeout: 30_000, bodyTimeout: 30_000 });
      const text = await res.body.text();
      let body: any = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {}
      return { status: res.statusCode, body, ms: performance.now() - started } satisfies ApiResponse;
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as Error).name;
      return { status: 0, body: { code, message: (err as Error).message }, ms: performance.now() - started } satisfies ApiResponse;
    }
  }

  /** Ends every connection at once, in-flight requests included (the runs are over, or Ctrl-C). */
  close(): Promise<void> {
    return this.pool.destroy();
  }
}

/** A short label for a failed answer: `409 SOLD_OUT`, `500 INTERNAL`, `0 ECONNRESET`. */
export function failureLabel(res: ApiResponse): string {
  const code = typeof res.body === 'object' && res.body && typeof res.body.code === 'string' ? res.body.code : '-';
  return `${res.status} ${code}`;
}

/**
 * Logs residents in through the SMS-code flow (the server runs in development, so the dev SMS
 * provider answers the code as `devCode`), `concurrency` at a time; returns their bearer tokens
 * in the same order.
 */
export async function loginResidents(api: Api, operator: string, residents: BenchResident[], concurrency: number): Promise<string[]> {
  const tokens = new Array<string>(residents.length);
  let next = 0;
  const worker = async () => {
    while (next < residents.length) {
      const i = next++;
      const phone = (residents[i] as BenchResident).phone;
      const sent = await api.send('POST', '/api/v1/auth/sms-codes', { body: { phone } });
      if (sent.status !== 202 || typeof sent.body?.devCode !== 'string') throw new Error(`sms-codes for ${phone}: ${failureLabel(sent)}`);
      const session = await api.send('POST', '/api/v1/auth/sessions', {
        body: { operator, phone, code: sent.body.devCode, as: 'resident' },
      });
      if (session.status !== 201 || typeof session.body?.token !== 'string') throw new Error(`login of ${phone}: ${failureLabel(session)}`);
      tokens[i] = session.body.token;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return tokens;
}
