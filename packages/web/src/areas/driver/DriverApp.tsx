import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { RoutePage } from './RoutePage.tsx';
import { RoutesPage } from './RoutesPage.tsx';
import { StopPage } from './StopPage.tsx';
import './driver.css';

/** The driver's phone: today's routes, one route's stops in order, one stop's handover. */
export function DriverApp() {
  return (
    <BrowserRouter basename="/driver">
      <Routes>
        <Route index element={<RoutesPage />} />
        <Route path="routes/:id" element={<RoutePage />} />
        <Route path="routes/:id/stops/:stopId" element={<StopPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </BrowserRouter>
  );
}
