import { describe, expect, it } from 'vitest';
import { attachment } from '../src/http/content-disposition.ts';

describe('attachment (Content-Disposition for downloads)', () => {
  it.each([
    ['po_01jabc.xlsx', 'po_01jabc.xlsx', 'po_01jabc.xlsx'],
    ['sorting-2026-11-21.xlsx', 'sorting-2026-11-21.xlsx', 'sorting-2026-11-21.xlsx'],
    ['对账单.xlsx', '___.xlsx', '%E5%AF%B9%E8%B4%A6%E5%8D%95.xlsx'],
    ['a"b\\c.xlsx', 'a_b_c.xlsx', 'a%22b%5Cc.xlsx'],
    ['x\r\nSet-Cookie: a=1.xlsx', 'xSet-Cookie: a=1.xlsx', 'xSet-Cookie%3A%20a%3D1.xlsx'],
    ['nul\u0000tab\tdel\u007f.xlsx', 'nultabdel.xlsx', 'nultabdel.xlsx'],
    ["it's (1)*.xlsx", "it's (1)*.xlsx", 'it%27s%20%281%29%2A.xlsx'],
    ['100%.xlsx', '100_.xlsx', '100%25.xlsx'],
    ['🍊.xlsx', '_.xlsx', '%F0%9F%8D%8A.xlsx'],
    ['lone\ud800.xlsx', 'lone_.xlsx', 'lone%EF%BF%BD.xlsx'],
    ['\r\n', 'download', 'download'],
  ])('%j', (name, fallback, encoded) => {
    const header = attachment(name);
    expect(header).toBe(`attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`);
    // A valid header value: no control characters, nothing outside Latin-1 (Node refuses both).
    expect(header).toMatch(/^[\x20-\x7e]+$/);
  });
});
