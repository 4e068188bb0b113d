export * from './common.ts';
export * as auth from './auth.ts';
export * as shop from './shop.ts';
