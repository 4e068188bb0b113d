import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CampaignCard } from '../src/areas/shop/CampaignCard.tsx';
import { Countdown } from '../src/areas/shop/Countdown.tsx';
import { Home } from '../src/areas/shop/Home.tsx';
import { shopLocales } from '../src/areas/shop/locales.ts';
import { campaign, line, renderShop } from './shop-render.tsx';

afterEach(() => vi.useRealTimers());

const stepperValue = (row: HTMLElement) => within(row).getByTestId('qty-value').textContent;
const plus = (row: HTMLElement) => within(row).getByTestId('qty-plus') as HTMLButtonElement;

describe('shop home: countdown', () => {
  const at = Date.parse('2026-11-22T12:00:00Z');
  it('shows hours, minutes and seconds to the cutoff, with days when far', () => {
    renderShop(<Countdown until="2026-11-22T13:02:03Z" now={at} />);
    expect(screen.getByTestId('countdown').textContent).toBe('距截单 01:02:03');
    renderShop(<Countdown until="2026-11-24T12:00:05Z" now={at} />);
    expect(screen.getAllByTestId('countdown')[1]!.textContent).toBe('距截单 2 天 00:00:05');
  });

  it('reads closed once the cutoff has passed', () => {
    renderShop(<Countdown until="2026-11-22T11:59:59Z" now={at} />);
    expect(screen.getByTestId('countdown').textContent).toBe('已截单');
  });

  it('ticks every second on a campaign and closes the campaign at its cutoff', () => {
    vi.useFakeTimers({ now: at, toFake: ['setInterval', 'clearInterval', 'Date'] });
    renderShop(<CampaignCard campaign={campaign({ cutoffAt: '2026-11-22T12:00:02Z' })} />);
    expect(screen.getByTestId('countdown').textContent).toBe('距截单 00:00:02');
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByTestId('countdown').textContent).toBe('距截单 00:00:01');
    expect((screen.getByTestId('add-to-cart') as HTMLButtonElement).disabled).toBe(false);
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByTestId('countdown').textContent).toBe('已截单');
    expect((screen.getByTestId('add-to-cart') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('shop home: a campaign line', () => {
  it('shows the group price, the struck list price, stock, limit and what I bought', () => {
    renderShop(<CampaignCard campaign={campaign({ lines: [line({ stockLeft: 12, perResidentLimit: 3, boughtByMe: 1 })] })} />);
    const row = screen.getByTestId('campaign-line');
    expect(row.getAttribute('data-line-id')).toBe('cml_egg');
    expect(row.textContent).toContain('¥5.90');
    expect(row.querySelector('.ll-price-list')?.textContent).toBe('¥9.90');
    expect(within(row).getByTestId('line-stock').textContent).toBe('剩 12');
    expect(within(row).getByTestId('line-limit').textContent).toBe('每人限购 3 · 已买 1');
    expect(within(row).getByRole('img').textContent).toBe('特'); // no photo: the first character on a tile
  });

  it('adds to the cart and stops the stepper at my limit minus what I bought', () => {
    renderShop(<CampaignCard campaign={campaign({ lines: [line({ perResidentLimit: 3, boughtByMe: 1 })] })} />);
    fireEvent.click(screen.getByTestId('add-to-cart'));
    const row = screen.getByTestId('campaign-line');
    expect(stepperValue(row)).toBe('1');
    fireEvent.click(plus(row));
    expect(stepperValue(row)).toBe('2');
    expect(plus(row).disabled).toBe(true);
    fireEvent.click(plus(row));
    expect(stepperValue(row)).toBe('2');
    const stored = JSON.parse(localStorage.getItem('linli.shop.cart.anonymous') ?? '[]');
    expect(stored).toMatchObject([{ lineId: 'cml_egg', quantity: 2, pickupDate: '2026-11-23' }]);
  });

  it('stops at the stock left', () => {
    renderShop(<CampaignCard campaign={campaign({ lines: [line({ stockLeft: 1 })] })} />);
    fireEvent.click(screen.getByTestId('add-to-cart'));
    expect(plus(screen.getByTestId('campaign-line')).disabled).toBe(true);
  });

  it('cannot add a sold-out line or one at my limit', () => {
    renderShop(
      <CampaignCard
        campaign={campaign({
          lines: [line({ id: 'a', stockLeft: 0 }), line({ id: 'b', productName: '纯牛奶', perResidentLimit: 2, boughtByMe: 2 })],
        })}
      />,
    );
    const [soldOut, atLimit] = screen.getAllByTestId('add-to-cart') as HTMLButtonElement[];
    expect(soldOut!.disabled && soldOut!.textContent).toBe('已售罄');
    expect(atLimit!.disabled && atLimit!.textContent).toBe('已达限购');
  });
});

describe('shop strings', () => {
  it('has every string in both languages', () => {
    const keys = (o: Record<string, unknown>, at = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'object' && v ? keys(v as Record<string, unknown>, `${at}${k}.`) : [`${at}${k}`],
      );
    expect(keys(shopLocales.en).sort()).toEqual(keys(shopLocales['zh-CN']).sort());
  });
});

describe('shop home: coupons to claim', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('links to the claim page (领券中心) above the campaigns', async () => {
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      const url = String(input);
      const body = url.endsWith('/shop/me')
        ? { id: 'res_1', phone: '13800000000', name: '', pickupPoint: { id: 'pp_1', name: 'A' } }
        : { items: [] };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    renderShop(<Home />);
    const link = await screen.findByTestId('home-claim-coupons');
    expect(link.getAttribute('href')).toBe('/coupons');
    expect(link.textContent).toContain('领券');
  });
});

describe('shop home: team buys', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('links to the team buys on now, with how many', async () => {
    const deal = {
      id: 'tbd_1',
      title: '五人拼鸡蛋',
      productName: '土鸡蛋',
      groupPriceFen: 1000,
      teamPriceFen: 800,
      teamSize: 5,
      timeLimitMinutes: 1440,
      openerNewcomerOnly: false,
      status: 'active',
      cutoffAt: '2026-11-23T12:00:00.000Z',
      mayOpen: true,
      openTeams: [],
    };
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      const url = String(input);
      const body = url.endsWith('/shop/me')
        ? { id: 'res_1', phone: '13800000000', name: '', pickupPoint: { id: 'pp_1', name: 'A' } }
        : url.endsWith('/shop/team-deals')
          ? { items: [deal, { ...deal, id: 'tbd_2' }] }
          : { items: [] };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    renderShop(<Home />);
    const link = await screen.findByTestId('home-team-deals');
    expect(link.getAttribute('href')).toBe('/team-deals');
    expect(link.textContent).toContain('2 个拼团进行中');
  });
});
