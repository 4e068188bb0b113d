import { afterAll } from 'vitest';
import { configure } from '@testing-library/react';

// A screen's findBy… waits up to 5 s, not 1 s: on a busy machine (CI runs the suites two at a
// time) a lazily loaded screen can take longer than a second to appear, with nothing wrong.
configure({ asyncUtilTimeout: 5_000 });

// React's scheduler runs queued work on a later macrotask; let it drain while the file's document
// still exists, so work queued by a test's last step never runs after the environment is torn down.
afterAll(() => new Promise<void>((resolve) => setTimeout(resolve, 20)));
