import { AppError } from './errors.ts';

/**
 * Lifecycles as tables: each state lists the states it may move to. Every module keeps its own
 * table in its rules file (orders, campaigns, purchase orders, routes, stops, cases, withdrawals,
 * applications, unpicked orders) and checks moves with these, so a forbidden move always fails
 * the same way: INVALID_STATE with `from` and `to`.
 */
export type Transitions<S extends string> = Readonly<Record<S, readonly S[]>>;

/** Whether the table allows a move from `from` to `to`. */
export function allows<S extends string>(table: Transitions<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

/** Throws INVALID_STATE unless the table allows the move; `what` names the thing ("an order"). */
export function assertAllowed<S extends string>(table: Transitions<S>, what: string, from: S, to: S): void {
  if (!allows(table, from, to)) throw new AppError('INVALID_STATE', `${what} cannot go from ${from} to ${to}`, { from, to });
}

/** The states from which the table allows a move to `to`, in the table's order. */
export function predecessors<S extends string>(table: Transitions<S>, to: S): S[] {
  return (Object.keys(table) as S[]).filter((from) => table[from].includes(to));
}
