import { createHash, createHmac } from 'node:crypto';

/**
 * The two SMS vendors' request signatures, by their published schemes (node:crypto only). Each is a
 * pure function of the request and the key, so the clients, the doubles and the tests compute the
 * same bytes; the tests check both against the vendors' worked examples.
 */

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** RFC 3986 percent-encoding as Aliyun's V3 signature wants it: only A–Z a–z 0–9 - _ . ~ stay. */
export function acsPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Aliyun's canonical query string: names and values encoded, sorted by encoded name. */
export function acsCanonicalQuery(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => [acsPercentEncode(k), acsPercentEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export interface AcsRequest {
  method: string;
  /** The path, `/` for RPC-style APIs. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names: host and every x-acs-* header (x-acs-content-sha256 included). */
  headers: Record<string, string>;
  /** sha256 hex of the body, as in x-acs-content-sha256. */
  payloadHash: string;
}

/**
 * Aliyun OpenAPI V3 signature (ACS3-HMAC-SHA256): the canonical request (method, path, canonical
 * query, `name:value\n` per signed header sorted by name, the signed header names joined by `;`,
 * the payload hash), its sha256 hex after `ACS3-HMAC-SHA256\n`, HMAC-SHA256 with the AccessKey
 * secret in hex. Answers the signature and the Authorization header.
 */
export function acs3Sign(req: AcsRequest, accessKeyId: string, accessKeySecret: string): { signature: string; authorization: string } {
  const names = Object.keys(req.headers)
    .map((n) => n.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  const signedHeaders = names.join(';');
  const canonical = [
    req.method.toUpperCase(),
    req.path,
    acsCanonicalQuery(req.query),
    names.map((n) => `${n}:${lower[n]}\n`).join(''),
    signedHeaders,
    req.payloadHash,
  ].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256Hex(canonical)}`;
  const signature = createHmac('sha256', accessKeySecret).update(stringToSign).digest('hex');
  return {
    signature,
    authorization: `ACS3-HMAC-SHA256 Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`,
  };
}

export interface Tc3Request {
  /** e.g. `sms` (the service of the host sms.tencentcloudapi.com). */
  service: string;
  host: string;
  contentType: string;
  /** The exact body bytes sent. */
  payload: string;
  /** Unix seconds, as in X-TC-Timestamp. */
  timestamp: number;
}

/**
 * Tencent Cloud API 3.0 signature (TC3-HMAC-SHA256) of a POST with signed headers content-type and
 * host: the canonical request (`POST\n/\n\ncontent-type:…\nhost:…\n\ncontent-type;host\n` + sha256
 * hex of the payload), the string to sign (algorithm, timestamp, `date/service/tc3_request`, the
 * canonical request's sha256 hex), signed with the key derived from `TC3` + secret over the UTC
 * date, the service and `tc3_request`.
 */
export function tc3Sign(req: Tc3Request, secretId: string, secretKey: string): { signature: string; authorization: string } {
  const date = new Date(req.timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = 'content-type;host';
  const canonical = [
    'POST',
    '/',
    '',
    `content-type:${req.contentType.toLowerCase()}\nhost:${req.host.toLowerCase()}\n`,
    signedHeaders,
    sha256Hex(req.payload),
  ].join('\n');
  const scope = `${date}/${req.service}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${req.timestamp}\n${scope}\n${sha256Hex(canonical)}`;
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const signing = hmac(hmac(hmac(`TC3${secretKey}`, date), req.service), 'tc3_request');
  const signature = createHmac('sha256', signing).update(stringToSign).digest('hex');
  return {
    signature,
    authorization: `TC3-HMAC-SHA256 Credential=${secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
