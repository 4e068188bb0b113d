import type { ExtraPayerPolicy, TeamDealStatus, TeamState } from '../../platform/db/schema.teambuy.ts';
import { AppError } from '../../platform/errors.ts';
import { allows, assertAllowed, type Transitions } from '../../platform/state-machine.ts';

/**
 * The rules of team buy (拼团), pure. A team is opened by its first paid order and is `open` until
 * it forms (its size reached by paid members, or by the operator's fill at expiry when the deal
 * allows 模拟成团) or fails (still short at its expiry). Both ends are final: a member's later
 * refund is history, not a change of state.
 */
export const teamTransitions: Transitions<TeamState> = {
  open: ['formed', 'failed'],
  formed: [],
  failed: [],
};

export const canTransition = (from: TeamState, to: TeamState): boolean => allows(teamTransitions, from, to);

/** Throws INVALID_STATE unless a team may move from `from` to `to`. */
export const assertTeamTransition = (from: TeamState, to: TeamState): void => assertAllowed(teamTransitions, 'a team', from, to);

/** The deal's lifecycle: paused deals open no teams (open teams still take their joiners); ended is final. */
export const dealTransitions: Transitions<TeamDealStatus> = {
  active: ['paused', 'ended'],
  paused: ['active', 'ended'],
  ended: [],
};

/** A team's expiry: its time limit from opening, but never after the campaign's cutoff. */
export function teamExpiresAt(openedAt: Date, timeLimitMinutes: number, cutoffAt: Date): Date {
  return new Date(Math.min(openedAt.getTime() + timeLimitMinutes * 60_000, cutoffAt.getTime()));
}

/** What a team is, as its slot and expiry decisions read it. */
export interface TeamFacts {
  state: TeamState;
  size: number;
  memberCount: number;
  expiresAt: Date;
}

/** Why a paid order could not take a slot in the team it asked for. */
export type NoSlot = 'formed' | 'failed' | 'full' | 'expired' | 'already_member';

/**
 * A paid order asking for a slot in a team: it joins (and forms the team when it takes the last
 * slot) while the team is open, not yet expired, short of its size, and the payer not in it yet;
 * otherwise the payer is an extra payer, with the reason.
 */
export function slotFor(
  team: TeamFacts,
  now: Date,
  alreadyMember: boolean,
): { join: true; forms: boolean } | { join: false; reason: NoSlot } {
  if (team.state === 'formed') return { join: false, reason: 'formed' };
  if (team.state === 'failed') return { join: false, reason: 'failed' };
  if (now.getTime() >= team.expiresAt.getTime()) return { join: false, reason: 'expired' };
  if (alreadyMember) return { join: false, reason: 'already_member' };
  if (team.memberCount >= team.size) return { join: false, reason: 'full' };
  return { join: true, forms: team.memberCount + 1 === team.size };
}

/** What the expiry sweep does to a team: nothing yet, form it with the operator's fill, or fail it. */
export type ExpiryDecision = { action: 'none' } | { action: 'fill'; slots: number } | { action: 'fail' };

/**
 * At its expiry an open team still short of its size fails, unless the deal lets the operator
 * fill the missing slots (模拟成团) and at least one resident paid: then it forms with that many
 * simulated slots (counted in the reports). A team that is not open, or not yet due, is left alone.
 */
export function atExpiry(team: TeamFacts, now: Date, operatorMayFill: boolean): ExpiryDecision {
  if (team.state !== 'open' || now.getTime() < team.expiresAt.getTime()) return { action: 'none' };
  if (team.memberCount >= team.size) return { action: 'none' };
  if (operatorMayFill && team.memberCount > 0) return { action: 'fill', slots: team.size - team.memberCount };
  return { action: 'fail' };
}

/**
 * Where an extra payer goes (the team it paid for is full, formed, failed or expired): a new team
 * it opens, when the deal says so and could open one now; otherwise its order is refunded.
 */
export function extraPayerGoes(s: {
  policy: ExtraPayerPolicy;
  dealStatus: TeamDealStatus;
  now: Date;
  cutoffAt: Date;
  /** Whether the payer may open a team (the deal's newcomer rule). */
  mayOpen: boolean;
}): 'new_team' | 'refund' {
  if (s.policy !== 'new_team' || s.dealStatus !== 'active' || !s.mayOpen) return 'refund';
  return s.now.getTime() < s.cutoffAt.getTime() ? 'new_team' : 'refund';
}

/** Whether a resident may open a team: the deal is active and, for a newcomers-only deal, they have never paid an order. */
export function openingRefusal(
  deal: { status: TeamDealStatus; openerNewcomerOnly: boolean },
  hasPaidBefore: boolean,
): 'deal_closed' | 'newcomers_only' | null {
  if (deal.status !== 'active') return 'deal_closed';
  if (deal.openerNewcomerOnly && hasPaidBefore) return 'newcomers_only';
  return null;
}

/** The terms of a new deal, checked against its campaign line; throws VALIDATION_FAILED with the field. */
export function checkDealTerms(
  terms: { teamSize: number; timeLimitMinutes: number; teamPriceFen: number },
  line: { groupPriceFen: number },
): void {
  const bad = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, { field });
  if (!Number.isInteger(terms.teamSize) || terms.teamSize < 2 || terms.teamSize > 50) throw bad('teamSize', 'a team has 2 to 50 members');
  if (!Number.isInteger(terms.timeLimitMinutes) || terms.timeLimitMinutes < 5 || terms.timeLimitMinutes > 7 * 24 * 60) {
    throw bad('timeLimitMinutes', 'the time limit is 5 minutes to 7 days');
  }
  if (!Number.isInteger(terms.teamPriceFen) || terms.teamPriceFen <= 0 || terms.teamPriceFen >= line.groupPriceFen) {
    throw bad('teamPriceFen', `the team price must be above 0 and below the group price (${line.groupPriceFen} fen)`);
  }
}

/** The shop's share link of a team (or a deal) and, for attribution, the leader who shares it. */
export function shareLink(deal: { id: string }, leaderId: string | null, teamId?: string): string {
  const path = teamId ? `/shop/teams/${encodeURIComponent(teamId)}` : `/shop/team-deals/${encodeURIComponent(deal.id)}`;
  return leaderId ? `${path}?leader=${encodeURIComponent(leaderId)}` : path;
}

/**
 * A model of one team under any sequence of paid joins, member refunds and expiry sweeps: the
 * state table's reference the property test holds the service to.
 */
export interface TeamModel extends TeamFacts {
  filled: number;
  refunded: number;
}

export type TeamStep = { kind: 'join'; at: Date } | { kind: 'refund_member' } | { kind: 'expire'; at: Date; mayFill: boolean };

/** Applies one step to the model; returns the new model and whether the step took a slot. */
export function stepTeam(m: TeamModel, step: TeamStep): { model: TeamModel; joined: boolean } {
  if (step.kind === 'join') {
    const slot = slotFor(m, step.at, false);
    if (!slot.join) return { model: m, joined: false };
    return { model: { ...m, memberCount: m.memberCount + 1, state: slot.forms ? 'formed' : 'open' }, joined: true };
  }
  if (step.kind === 'refund_member') {
    const paid = m.memberCount - m.filled - m.refunded;
    return { model: paid > 0 ? { ...m, refunded: m.refunded + 1 } : m, joined: false };
  }
  const d = atExpiry(m, step.at, step.mayFill);
  if (d.action === 'fill') return { model: { ...m, memberCount: m.size, filled: d.slots, state: 'formed' }, joined: false };
  if (d.action === 'fail') return { model: { ...m, state: 'failed' }, joined: false };
  return { model: m, joined: false };
}
