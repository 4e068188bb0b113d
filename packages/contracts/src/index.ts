export * from './common.ts';
export * as auth from './auth.ts';
export * as shop from './shop.ts';
export * as admin from './admin.ts';
export * as leader from './leader.ts';
export * as aftersales from './aftersales.ts';
export * as logistics from './logistics.ts';
export * as procurement from './procurement.ts';
export * as ledger from './ledger.ts';
