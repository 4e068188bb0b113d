import type { LeaderApplicationStatus } from '../../platform/db/schema.applications.ts';
import { assertAllowed } from '../../platform/state-machine.ts';

/** A pending application is decided once: approved (a leader and their pickup point exist) or rejected. */
export const applicationTransitions: Readonly<Record<LeaderApplicationStatus, readonly LeaderApplicationStatus[]>> = {
  pending: ['approved', 'rejected'],
  approved: [],
  rejected: [],
};

/** Throws INVALID_STATE unless an application may move from `from` to `to`. */
export const assertApplicationTransition = (from: LeaderApplicationStatus, to: LeaderApplicationStatus): void =>
  assertAllowed(applicationTransitions, 'a leader application', from, to);

/** How many of their own applications a resident sees (newest first). */
export const MY_APPLICATIONS_SHOWN = 20;

/** What the applicant is told when their application is decided. */
export function decisionNotice(
  decision: { status: 'approved'; pointName: string; heldForTraining?: boolean } | { status: 'rejected'; reason: string },
): {
  title: string;
  body: string;
} {
  if (decision.status === 'approved' && decision.heldForTraining) {
    return {
      title: '团长申请已通过',
      body: `恭喜，您已成为团长。自提点「${decision.pointName}」将在您完成必修培训后自动开通：请用本手机号登录团长端，先学习「培训」课程。`,
    };
  }
  if (decision.status === 'approved') {
    return {
      title: '团长申请已通过',
      body: `恭喜，您已成为团长，自提点「${decision.pointName}」已开通。请用本手机号登录团长端开始带团。`,
    };
  }
  return { title: '团长申请未通过', body: `您的团长申请未通过：${decision.reason}。可修改后重新申请。` };
}
