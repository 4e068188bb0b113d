import { describe, expect, it } from 'vitest';
import type { Campaign, CampaignLine, PickupPoint } from '../src/areas/leader/api.ts';
import { posterContent, shareLink, shareMessage, topLines } from '../src/areas/leader/share/content.ts';
import { MAX_ITEMS, type PosterContent, breakUnits, ellipsize, layoutPoster, wrapText } from '../src/areas/leader/share/poster.ts';

// Every character 10 px wide: easy to reason about.
const w10 = (s: string) => [...s].length * 10;
const measure = (s: string, _font: string) => w10(s);

const line = (id: string, over: Partial<CampaignLine> = {}): CampaignLine => ({
  id,
  skuId: `sku_${id}`,
  productName: `商品${id}`,
  spec: '500g',
  unit: '袋',
  images: [],
  groupPriceFen: 990,
  listPriceFen: 1500,
  stockLeft: null,
  soldQuantity: 0,
  ...over,
});
const campaign = (id: string, lines: CampaignLine[], over: Partial<Campaign> = {}): Campaign => ({
  id,
  title: `活动${id}`,
  description: '',
  status: 'open',
  opensAt: '2026-11-22T00:00:00+08:00',
  cutoffAt: '2026-11-22T23:00:00+08:00',
  pickupDate: '2026-11-23',
  orders: 0,
  soldQuantity: 0,
  salesFen: 0,
  lines,
  ...over,
});
const point: PickupPoint = {
  id: 'pp_1',
  name: '幸福里便利店',
  address: '岳麓区幸福路 8 号',
  lat: 28.2,
  lng: 112.9,
  openingHours: '08:00-21:00',
  status: 'open',
};

describe('poster text wrapping', () => {
  it('breaks Chinese between characters and Latin between words', () => {
    expect(breakUnits('新鲜草莓 Fresh strawberries')).toEqual(['新', '鲜', '草', '莓', ' ', 'Fresh ', 'strawberries']);
    expect(breakUnits('你好，世界')).toEqual(['你', '好，', '世', '界']);
  });

  it('wraps greedily to the width and never starts a line with the comma after a character', () => {
    expect(wrapText('一二三四五六七', 30, w10)).toEqual(['一二三', '四五六', '七']);
    expect(wrapText('ab cd ef', 50, w10)).toEqual(['ab cd', 'ef']);
    expect(wrapText('一二，三四', 30, w10)).toEqual(['一二，', '三四']);
  });

  it('cuts a word wider than the line by characters', () => {
    expect(wrapText('abcdefgh', 30, w10)).toEqual(['abc', 'def', 'gh']);
  });

  it('ends the last allowed line with an ellipsis when text is left over', () => {
    const lines = wrapText('一二三四五六七八九', 40, w10, 2);
    expect(lines).toEqual(['一二三四', '五六七…']);
    for (const l of lines) expect(w10(l)).toBeLessThanOrEqual(40);
  });

  it('ellipsizes to fit, and leaves text that fits alone', () => {
    expect(ellipsize('一二三', 30, w10)).toBe('一二三');
    expect(ellipsize('一二三四五', 30, w10)).toBe('一二…');
    expect(ellipsize('一二', 30, w10, true)).toBe('一二…');
  });
});

describe('poster layout', () => {
  const content = (items: number, title = '今日团购'): PosterContent => ({
    brand: '社区团购',
    title,
    facts: ['截单：11-22 23:00', '自提：11月23日'],
    items: Array.from({ length: items }, (_, i) => ({
      name: `商品${i}`,
      spec: '500g',
      groupPrice: '¥9.90',
      listPrice: i % 2 ? null : '¥15.00',
    })),
    moreText: null,
    pointName: point.name,
    pointAddress: point.address,
    scanHint: '长按识别二维码',
  });

  it('keeps every text inside the poster and the QR code below the items', () => {
    const layout = layoutPoster(content(4), measure);
    const texts = layout.ops.filter((o) => o.kind === 'text');
    for (const t of texts) {
      if (t.kind !== 'text') continue;
      const width = w10(t.text);
      const left = t.align === 'right' ? t.x - width : t.x;
      expect(left).toBeGreaterThanOrEqual(0);
      expect(left + width).toBeLessThanOrEqual(layout.width);
      expect(t.y).toBeLessThan(layout.height);
    }
    const qr = layout.ops.find((o) => o.kind === 'qr');
    const lastPrice = texts.filter((t) => t.kind === 'text' && t.text === '¥9.90').at(-1);
    expect(qr && lastPrice && qr.kind === 'qr' && lastPrice.kind === 'text' && qr.y > lastPrice.y).toBe(true);
    expect(qr?.kind === 'qr' && qr.y + qr.size).toBeLessThan(layout.height);
  });

  it('grows with the items and the title, and shows at most six items', () => {
    const h2 = layoutPoster(content(2), measure).height;
    const h4 = layoutPoster(content(4), measure).height;
    expect(h4 - h2).toBe(2 * 104);
    const longTitle = layoutPoster(content(2, '很长的标题'.repeat(20)), measure);
    expect(longTitle.height - h2).toBe(64);
    const many = layoutPoster(content(10), measure);
    expect(many.ops.filter((o) => o.kind === 'text' && o.text === '¥9.90')).toHaveLength(MAX_ITEMS);
  });

  it('strikes the list price through and puts prices at the right edge', () => {
    const layout = layoutPoster(content(1), measure);
    const list = layout.ops.find((o) => o.kind === 'text' && o.text === '¥15.00');
    expect(list).toMatchObject({ strike: true, align: 'right' });
  });
});

describe('poster content', () => {
  it('puts the best sellers first, then the deepest discounts, and counts the rest', () => {
    const lines = [line('a', { soldQuantity: 1 }), line('b', { soldQuantity: 9 }), line('c', { listPriceFen: 3000 }), line('d')];
    expect(topLines(lines, 3).map((l) => l.id)).toEqual(['b', 'a', 'c']);
    const words = {
      brand: 'B',
      dayTitle: '今日团购',
      cutoff: (x: string) => `截单 ${x}`,
      pickup: (x: string) => `自提 ${x}`,
      more: (n: number) => `还有 ${n} 件`,
      scanHint: '扫码',
    };
    const many = Array.from({ length: 8 }, (_, i) => line(String(i)));
    const day = posterContent(
      [campaign('1', many.slice(0, 4)), campaign('2', many.slice(4)), campaign('3', [line('x')], { status: 'closed' })],
      null,
      point,
      words,
      (iso) => iso.slice(11, 16),
      (d) => d.slice(5),
    );
    expect(day.title).toBe('今日团购');
    expect(day.items).toHaveLength(MAX_ITEMS);
    expect(day.moreText).toBe('还有 2 件');
    expect(day.facts).toEqual(['截单 23:00', '自提 11-23']);
    expect(day.items[0]).toMatchObject({ groupPrice: '¥9.90', listPrice: '¥15.00', spec: '500g / 袋' });
    const one = posterContent(
      [],
      campaign('9', [line('y', { listPriceFen: 990 })]),
      point,
      words,
      (iso) => iso,
      (d) => d,
    );
    expect(one.title).toBe('活动9');
    expect(one.items[0]?.listPrice).toBeNull();
    expect(one.moreText).toBeNull();
  });

  it('links the shop to my pickup point, and writes a message for the group chat', () => {
    const link = shareLink('https://linli.example', 'pp_1');
    expect(link).toBe('https://linli.example/shop/?point=pp_1');
    const text = shareMessage(
      {
        brand: '',
        title: '草莓团',
        facts: ['截单 23:00'],
        items: [{ name: '草莓', spec: '', groupPrice: '¥9.90', listPrice: '¥15.00' }],
        moreText: null,
        pointName: '',
        pointAddress: '',
        scanHint: '',
      },
      link,
      '下单：',
    );
    expect(text).toBe(`【草莓团】\n· 草莓 ¥9.90（¥15.00）\n截单 23:00\n下单： ${link}`);
  });
});
