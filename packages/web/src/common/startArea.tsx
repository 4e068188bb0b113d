import { QueryClientProvider } from '@tanstack/react-query';
import { type ComponentType, type ReactNode, StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { type Resources, initI18n } from './i18n.ts';
import { createQueryClient } from './query.ts';
import type { Area } from './session.ts';

/** What a UI kit puts around an area: its locale and theme, and the login until there is a session. */
export type Gate = ComponentType<{ area: Area; title: string; children: ReactNode }>;

function Root({ area, title, app: App, gate: Gate }: { area: Area; title: () => string; app: ComponentType; gate: Gate }) {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <Gate area={area} title={title()}>
        <App />
      </Gate>
    </QueryClientProvider>
  );
}

/** Starts an area: its strings in both languages, server state, and the kit's gate around the app. */
export function startArea(area: Area, resources: Resources, title: () => string, app: ComponentType, gate: Gate): void {
  initI18n(area, resources);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Root area={area} title={title} app={app} gate={gate} />
    </StrictMode>,
  );
}
