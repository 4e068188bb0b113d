export * from './common.ts';
export * as auth from './auth.ts';
export * as shop from './shop.ts';
export * as admin from './admin.ts';
export * as leader from './leader.ts';
