import { runDay } from './journey/day.ts';

// The group-buying day in Chinese (see journey/day.ts); the other language runs beside it in its own worker.
runDay('zh-CN');
