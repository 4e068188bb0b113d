import { fireEvent, screen } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { Tabs } from '../src/areas/leader/LeaderApp.tsx';
import { renderLeader } from './leader-render.tsx';

function Where() {
  return <div data-testid="where">{useLocation().pathname}</div>;
}

function tabs(path: string) {
  renderLeader(
    <>
      <Routes>
        <Route path="*" element={<Where />} />
      </Routes>
      <Tabs />
    </>,
    path,
  );
}

const where = () => screen.getByTestId('where').textContent;
const tab = (name: string) => screen.getByText(name);

describe('the leader app’s tabs', () => {
  it('a tab goes to its own screen from a screen reached from it, as from any other', () => {
    tabs('/help-sell'); // reached from 我的: the 我的 tab is the active one
    fireEvent.click(tab('我的'));
    expect(where()).toBe('/me');
    fireEvent.click(tab('我的')); // there already: stays
    expect(where()).toBe('/me');
    fireEvent.click(tab('订单'));
    expect(where()).toBe('/orders');
  });
});
