import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { driverLocales } from '../src/areas/driver/locales.ts';
import { RoutesPage } from '../src/areas/driver/RoutesPage.tsx';
import { initI18n } from '../src/common/i18n.ts';
import { createQueryClient } from '../src/common/query.ts';
import '../src/mobile/react19.ts';

/** The dates the screen asked routes for, in order. */
const asked: Array<string | null> = [];
beforeAll(() => {
  initI18n('driver', driverLocales);
});
beforeEach(() => {
  asked.length = 0;
  // 00:30 on 11-22 in Shanghai (still 11-21 in UTC): the business day is the 22nd.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-21T16:30:00Z'));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://localhost');
      if (url.pathname === '/api/v1/driver/routes') asked.push(url.searchParams.get('date'));
      return new Response(JSON.stringify({ items: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the driver's routes by day", () => {
  it("asks for today's routes first, then tomorrow's and a picked day's, and names the day shown", async () => {
    render(
      <QueryClientProvider client={createQueryClient()}>
        <MemoryRouter>
          <RoutesPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    await waitFor(() => expect(asked).toEqual(['2026-11-22']));
    expect(await screen.findByText('今天没有分配给您的线路')).toBeTruthy();

    await act(async () => fireEvent.click(screen.getByTestId('routes-day-tomorrow')));
    await waitFor(() => expect(asked).toEqual(['2026-11-22', '2026-11-23']));
    expect(screen.getByText('2026-11-23 的线路')).toBeTruthy();
    expect(await screen.findByText('这天没有分配给您的线路')).toBeTruthy();

    await act(async () => fireEvent.change(screen.getByTestId('routes-day-pick'), { target: { value: '2026-11-25' } }));
    await waitFor(() => expect(asked).toEqual(['2026-11-22', '2026-11-23', '2026-11-25']));
    await act(async () => fireEvent.click(screen.getByTestId('routes-day-today')));
    expect(screen.getByText('今日配送')).toBeTruthy();
  });
});
