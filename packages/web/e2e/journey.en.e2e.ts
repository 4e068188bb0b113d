import { runDay } from './journey/day.ts';

// The group-buying day in English (see journey/day.ts); the other language runs beside it in its own worker.
runDay('en');
