import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import DeliveriesPage from '../src/areas/leader/deliveries/DeliveriesPage.tsx';
import { renderLeader } from './leader-render.tsx';

/** The dates the screen asked deliveries for, in order. */
const asked: Array<string | null> = [];
beforeEach(() => {
  asked.length = 0;
  // 00:30 on 11-22 in Shanghai (still 11-21 in UTC): the business day is the 22nd.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-21T16:30:00Z'));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://localhost');
      if (url.pathname === '/api/v1/leader/deliveries') asked.push(url.searchParams.get('date'));
      return new Response(JSON.stringify({ items: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the leader's deliveries by day", () => {
  it("asks for today's business day first, then tomorrow's and a picked day", async () => {
    renderLeader(<DeliveriesPage />, '/deliveries');
    await waitFor(() => expect(asked).toEqual(['2026-11-22']));
    expect(screen.getByTestId('deliveries-day-today').getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByTestId('deliveries-day-pick') as HTMLInputElement).value).toBe('2026-11-22');

    await act(async () => fireEvent.click(screen.getByTestId('deliveries-day-tomorrow')));
    await waitFor(() => expect(asked).toEqual(['2026-11-22', '2026-11-23']));
    expect(screen.getByTestId('deliveries-day-tomorrow').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('deliveries-day-today').getAttribute('aria-pressed')).toBe('false');

    await act(async () => fireEvent.change(screen.getByTestId('deliveries-day-pick'), { target: { value: '2026-11-19' } }));
    await waitFor(() => expect(asked).toEqual(['2026-11-22', '2026-11-23', '2026-11-19']));
    expect(await screen.findByText('这天没有送到你自提点的货')).toBeTruthy();
  });
});
