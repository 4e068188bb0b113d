import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { type Principal, authenticate } from '../modules/identity/index.ts';
import type { PrincipalKind, StaffRole } from '../platform/db/schema.ts';
import { AppError } from '../platform/errors.ts';

const resolved = new WeakMap<FastifyRequest, Principal>();

/** The authenticated caller of a request (bearer token), or UNAUTHENTICATED. */
export async function principalOf(ctx: AppContext, req: FastifyRequest): Promise<Principal> {
  const cached = resolved.get(req);
  if (cached) return cached;
  const header = req.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (!token) throw new AppError('UNAUTHENTICATED', 'log in first: Authorization: Bearer <token>');
  const principal = await authenticate(ctx, token);
  if (!principal) throw new AppError('UNAUTHENTICATED', 'the session has expired or was logged out');
  resolved.set(req, principal);
  return principal;
}

/** The caller, who must be of the given kind (a resident for /shop, a leader for /leader, …). */
export async function requireKind(ctx: AppContext, req: FastifyRequest, kind: Exclude<PrincipalKind, 'staff'>): Promise<Principal> {
  const p = await principalOf(ctx, req);
  if (p.kind !== kind) throw new AppError('FORBIDDEN', `this endpoint is for ${kind}s`);
  return p;
}

/**
 * Any staff member, whatever their roles: for reading the operator's directories (leaders,
 * pickup points, suppliers, warehouses, fleet) that every desk needs to name things.
 */
export async function requireAnyStaff(ctx: AppContext, req: FastifyRequest): Promise<Principal> {
  const p = await principalOf(ctx, req);
  if (p.kind !== 'staff') throw new AppError('FORBIDDEN', 'this endpoint is for operator staff');
  return p;
}

/** A staff member holding one of the roles; `admin` may do everything. */
export async function requireStaff(ctx: AppContext, req: FastifyRequest, ...roles: StaffRole[]): Promise<Principal> {
  const p = await principalOf(ctx, req);
  if (p.kind !== 'staff') throw new AppError('FORBIDDEN', 'this endpoint is for operator staff');
  if (p.roles.includes('admin') || roles.some((r) => p.roles.includes(r))) return p;
  throw new AppError('FORBIDDEN', `requires one of the roles: admin, ${roles.join(', ')}`);
}
