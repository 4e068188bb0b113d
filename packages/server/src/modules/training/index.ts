/**
 * Leader training (团长培训课堂): courses of lessons with a quiz each, required courses that hold a
 * newly approved leader's pickup point closed until done, dated sessions with attendance, and
 * every leader's training status (an input of the leader KPIs).
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { addLesson, createCourse, deleteLesson, setCourseStatus, updateCourse, updateLesson } from './training.courses.ts';
export { holdNewLeaderPoint, holdPointForTraining, releaseReadyGates, requiredCourseIds } from './training.gates.ts';
export { submitQuiz } from './training.service.ts';
export { checkIn, createSessions, markAttendance } from './training.sessions.ts';
export {
  adminCourse,
  adminCourses,
  adminSessions,
  leaderCourse,
  leaderSessions,
  leaderTraining,
  sessionAttendance,
  trainingProgress,
} from './training.queries.ts';
export { trainingStatusOf } from './training-status.report.ts';
export type { TrainingStatus } from './training-status.report.ts';
export { DEFAULT_BEHIND_POLICY } from './training.rules.ts';
export { behindPolicy, saveBehindPolicy } from './training.policy.ts';
export type { BehindPolicy } from './training.rules.ts';
