import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  nextAttemptAt,
  privateHost,
  retryDelayMs,
  signatureHeader,
  unknownEventTypes,
  urlRefusal,
} from '../src/modules/webhooks/webhooks.rules.ts';
import { verifySignature } from '../src/modules/webhooks/webhooks.verify.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('webhook URL rules', () => {
  it.each([
    // url, development, production (null: accepted)
    ['https://hooks.example.com/linli', null, null],
    ['https://hooks.example.com:8443/a?b=c', null, null],
    ['http://hooks.example.com/linli', null, 'https only'],
    ['http://127.0.0.1:4000/hook', null, 'https only'],
    ['https://127.0.0.1/hook', null, 'a private, loopback or link-local host'],
    ['https://localhost/hook', null, 'a private, loopback or link-local host'],
    ['https://api.localhost/hook', null, 'a private, loopback or link-local host'],
    ['https://10.1.2.3/hook', null, 'a private, loopback or link-local host'],
    ['https://172.16.0.1/hook', null, 'a private, loopback or link-local host'],
    ['https://172.32.0.1/hook', null, null],
    ['https://192.168.1.10/hook', null, 'a private, loopback or link-local host'],
    ['https://169.254.169.254/latest/meta-data', null, 'a private, loopback or link-local host'],
    ['https://100.64.0.1/hook', null, 'a private, loopback or link-local host'],
    ['https://0.0.0.0/hook', null, 'a private, loopback or link-local host'],
    ['https://[::1]/hook', null, 'a private, loopback or link-local host'],
    ['https://[fe80::1]/hook', null, 'a private, loopback or link-local host'],
    ['https://[fd00::1]/hook', null, 'a private, loopback or link-local host'],
    ['https://[::ffff:127.0.0.1]/hook', null, 'a private, loopback or link-local host'],
    ['https://[::ffff:10.0.0.1]/hook', null, 'a private, loopback or link-local host'],
    ['https://[2001:db8::1]/hook', null, null],
    ['https://8.8.8.8/hook', null, null],
    ['https://user:pw@hooks.example.com/', 'no credentials in the URL', 'no credentials in the URL'],
    ['https://user@hooks.example.com/', 'no credentials in the URL', 'no credentials in the URL'],
    ['https://hooks.example.com/#x', 'no fragment in the URL', 'no fragment in the URL'],
    ['ftp://hooks.example.com/', 'http or https only', 'https only'],
    ['javascript:alert(1)', 'http or https only', 'https only'],
    ['hooks.example.com/linli', 'not an absolute URL', 'not an absolute URL'],
    [`https://hooks.example.com/${'a'.repeat(480)}`, 'at most 500 characters', 'at most 500 characters'],
  ])('%s: development %s, production %s', (url, development, production) => {
    expect(urlRefusal(url, 'development')).toBe(development);
    expect(urlRefusal(url, 'production')).toBe(production);
  });

  it.each([
    ['LOCALHOST', true],
    ['localhost.', true],
    ['127.8.9.10', true],
    ['example.com', false],
    ['11.0.0.1', false],
    ['224.0.0.1', true],
  ])('private host %s: %s', (host, expected) => {
    expect(privateHost(host)).toBe(expected);
  });
});

describe('event types', () => {
  const known = new Set(['order.paid', 'campaign.opened']);
  it.each([
    [['order.paid'], []],
    [['*'], []],
    [['order.paid', 'order.lost'], ['order.lost']],
    [['webhook.test'], ['webhook.test']],
  ])('%j: unknown %j', (types, unknown) => {
    expect(unknownEventTypes(types, known)).toEqual(unknown);
  });
});

describe('retries', () => {
  it.each([
    [1, 1 * MIN],
    [2, 2 * MIN],
    [3, 4 * MIN],
    [6, 32 * MIN],
    [7, HOUR],
    [30, HOUR],
    [1000, HOUR],
  ])('after attempt %i waits %i ms', (attempts, ms) => {
    expect(retryDelayMs(attempts)).toBe(ms);
  });

  const first = new Date('2026-11-20T00:00:00Z');
  it.each([
    ['a minute after the first', first, 1, '2026-11-20T00:01:00.000Z'],
    ['within the day', new Date('2026-11-20T22:00:00Z'), 20, '2026-11-20T23:00:00.000Z'],
    ['exactly a day after the first', new Date('2026-11-20T23:00:00Z'), 21, '2026-11-21T00:00:00.000Z'],
    ['past the day', new Date('2026-11-20T23:30:00Z'), 22, null],
  ])('%s', (_, now, attempts, expected) => {
    expect(nextAttemptAt(now, first, attempts)?.toISOString() ?? null).toBe(expected);
  });
});

describe('signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"1","type":"order.paid"}';
  const at = new Date('2026-11-20T02:00:00.900Z');

  it('signs "<t>.<body>" with the secret, t in unix seconds', () => {
    const header = signatureHeader(secret, at, body);
    const t = Math.floor(at.getTime() / 1000);
    expect(header).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
  });

  const header = signatureHeader(secret, at, body);
  it.each([
    ['the body and secret it was made with', secret, header, body, true],
    ['another secret', 'whsec_other', header, body, false],
    ['a changed body', secret, header, `${body} `, false],
    ['a changed timestamp', secret, header.replace(/^t=(\d+)/, (_, t) => `t=${Number(t) + 1}`), body, false],
    ['no v1', secret, header.split(',')[0] ?? '', body, false],
    ['garbage', secret, 'nonsense', body, false],
  ])('verifies %s: %s', (_, key, h, b, ok) => {
    expect(verifySignature(key, h, b)).toBe(ok);
  });

  it('refuses a timestamp too far from now when asked', () => {
    expect(verifySignature(secret, header, body, { now: new Date(at.getTime() + 4 * MIN), toleranceS: 300 })).toBe(true);
    expect(verifySignature(secret, header, body, { now: new Date(at.getTime() + 6 * MIN), toleranceS: 300 })).toBe(false);
  });
});
