import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { Dialog } from 'antd-mobile';
import { afterEach, describe, expect, it, vi } from 'vitest';
import LeavePage from '../src/areas/leader/me/LeavePage.tsx';
import { renderLeader } from './leader-render.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('a leader asks to leave', () => {
  it('says what happens, sends the request with its note once confirmed, then shows where it stands', async () => {
    let transfer: unknown = null;
    const posted: unknown[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posted.push(JSON.parse(String(init.body)));
        transfer = { id: 'ltr_1', status: 'proposed', reason: 'leaving', createdAt: '2026-11-20T02:00:00.000Z', confirmedAt: null };
      }
      expect(String(input)).toContain('/api/v1/leader/leave');
      return new Response(JSON.stringify({ transfer }), {
        status: init?.method === 'POST' ? 201 : 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    renderLeader(<LeavePage />, '/leave');
    const note = await screen.findByTestId('leave-note');
    expect(document.body.textContent).toContain('团员会转给附近的团长');
    fireEvent.change(note.querySelector('textarea') ?? note, { target: { value: '搬家了' } });
    const confirm = vi.spyOn(Dialog, 'confirm').mockResolvedValue(true);
    fireEvent.click(screen.getByTestId('leave-ask'));
    await waitFor(() => expect(screen.getByTestId('leave-status').textContent).toContain('已申请，等待运营确认'));
    expect(posted).toEqual([{ note: '搬家了' }]);
    expect(String(confirm.mock.calls[0]?.[0].content)).toContain('运营确认前不会有任何变动');
  });
});
