import type { Executor } from '../../platform/db/database.ts';
import type { PrincipalKind } from '../../platform/db/schema.ts';

/**
 * The accounts of a login audience that another module keeps: leaders (leader), drivers
 * (logistics), suppliers (catalog). Identity sits below those modules and reads none of their
 * tables: each owner provides this, and the app hands them to identity at start
 * (`AppContext.accounts`), so login and `/auth/me` work for every audience.
 */
export interface AudienceAccounts {
  /** The operator's account with this phone, and whether it may log in now. */
  withPhone(db: Executor, operatorId: string, phone: string): Promise<{ id: string; active: boolean } | undefined>;
  /** An account's name and phone, for `/auth/me`; throws when there is none (a session names it). */
  contact(db: Executor, operatorId: string, id: string): Promise<{ name: string; phone: string }>;
}

/** The audiences whose accounts other modules keep; identity keeps residents and staff itself. */
export type KeptElsewhere = Exclude<PrincipalKind, 'resident' | 'staff'>;

/** Every audience kept elsewhere, with its owner's accounts. */
export type AccountDirectory = Record<KeptElsewhere, AudienceAccounts>;
