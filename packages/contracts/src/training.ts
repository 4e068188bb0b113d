import { z } from 'zod';
import { Id, ImageUrl, Timestamp } from './common.ts';

/** Leader training (团长培训课堂): courses of lessons with quizzes, required courses, sessions with attendance. */

export const CourseStatus = z.enum(['draft', 'published']).describe('leaders see published courses only');

export const QuizQuestion = z.strictObject({
  prompt: z.string().trim().min(1).max(300),
  choices: z.array(z.string().trim().min(1).max(200)).min(2).max(8),
  correct: z.array(z.number().int().min(0).max(7)).min(1).max(8).describe('indexes of the correct choices (one or more)'),
});

export const CreateCourse = z.strictObject({
  title: z.string().trim().min(1).max(80),
  summary: z.string().trim().max(500).default(''),
  required: z.boolean().default(false).describe("required before a newly approved leader's pickup point opens"),
});
export const UpdateCourse = z.strictObject({
  title: z.string().trim().min(1).max(80).optional(),
  summary: z.string().trim().max(500).optional(),
  required: z.boolean().optional(),
});
export const SetCourseStatus = z.strictObject({ status: CourseStatus });

export const LessonInput = z.strictObject({
  title: z.string().trim().min(1).max(80),
  body: z.string().max(20_000).default(''),
  imageUrls: z.array(ImageUrl).max(20).default([]),
  videoUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .default(null)
    .describe('a video link (http or https)'),
  questions: z.array(QuizQuestion).max(30).default([]),
  passMark: z.number().int().min(0).max(100).default(60).describe('percent of questions right needed to pass'),
});
export const LessonParams = z.strictObject({ id: Id, lessonId: Id });

export const AdminLesson = z.object({
  id: Id,
  position: z.number().int(),
  title: z.string(),
  body: z.string(),
  imageUrls: z.array(z.string()),
  videoUrl: z.string().nullable(),
  questions: z.array(z.object({ prompt: z.string(), choices: z.array(z.string()), correct: z.array(z.number().int()) })),
  passMark: z.number().int(),
});

export const AdminCourse = z.object({
  id: Id,
  title: z.string(),
  summary: z.string(),
  required: z.boolean(),
  status: CourseStatus,
  lessonCount: z.number().int(),
  completedBy: z.number().int().describe('leaders who completed it'),
  createdAt: Timestamp,
  publishedAt: Timestamp.nullable(),
});
export const AdminCourseList = z.object({ items: z.array(AdminCourse) });
export const AdminCourseDetail = AdminCourse.extend({ lessons: z.array(AdminLesson) });

export const LeaderLesson = z.object({
  id: Id,
  position: z.number().int(),
  title: z.string(),
  body: z.string(),
  imageUrls: z.array(z.string()),
  videoUrl: z.string().nullable(),
  questions: z.array(z.object({ prompt: z.string(), choices: z.array(z.string()), multiple: z.boolean() })),
  passMark: z.number().int(),
  passed: z.boolean(),
  bestScore: z.number().int().nullable(),
});
export const LeaderCourse = z.object({
  id: Id,
  title: z.string(),
  summary: z.string(),
  required: z.boolean(),
  lessonCount: z.number().int(),
  lessonsPassed: z.number().int(),
  completed: z.boolean(),
  score: z.number().int().nullable(),
});
export const LeaderCourseDetail = LeaderCourse.extend({ lessons: z.array(LeaderLesson) });

/** The leader's training page: their courses, and whether their point waits for the required ones. */
export const LeaderTraining = z.object({
  pointWaiting: z.boolean().describe('a pickup point of theirs stays closed until the required courses are done'),
  requiredMissing: z.number().int(),
  courses: z.array(LeaderCourse),
});

export const SubmitQuiz = z.strictObject({
  answers: z
    .array(z.array(z.number().int().min(0).max(7)).max(8))
    .max(30)
    .describe('per question, the indexes of the chosen choices'),
});
export const QuizResult = z.object({
  score: z.number().int(),
  right: z.number().int(),
  total: z.number().int(),
  passMark: z.number().int(),
  passed: z.boolean(),
  courseCompleted: z.boolean(),
  pointOpened: z.boolean().describe('this submission completed the last required course and opened the pickup point'),
});

export const CreateSessions = z.strictObject({
  title: z.string().trim().min(1).max(80),
  startsAt: Timestamp,
  durationMinutes: z.number().int().min(10).max(480),
  weeks: z.number().int().min(1).max(26).default(1).describe('1: one session; more: the same weekday and time each week'),
});
export const AdminSession = z.object({
  id: Id,
  seriesId: Id.nullable(),
  title: z.string(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  checkInCode: z.string().describe('the trainer shows it; leaders type it to check in'),
  attended: z.number().int(),
});
export const AdminSessionList = z.object({ items: z.array(AdminSession) });
export const SessionAttendee = z.object({
  leaderId: Id,
  name: z.string(),
  attended: z.boolean(),
  via: z.enum(['code', 'staff']).nullable(),
});
export const SessionAttendance = z.object({ session: AdminSession, leaders: z.array(SessionAttendee) });
export const MarkAttendance = z.strictObject({ leaderId: Id, attended: z.boolean() });

export const LeaderSession = z.object({
  id: Id,
  title: z.string(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  attended: z.boolean(),
  checkInOpen: z.boolean(),
});
export const LeaderSessionList = z.object({ items: z.array(LeaderSession) });
export const CheckIn = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{4}$/, 'four digits'),
});

export const BehindReason = z.enum(['required_overdue', 'low_attendance']);
/** The operator's rule for who is behind. */
export const TrainingPolicy = z.strictObject({
  requiredWithinDays: z.number().int().min(1).max(90).describe('days a new leader has to finish the required courses'),
  minAttendancePercent: z.number().int().min(0).max(100).describe('the lowest acceptable attendance of the sessions held in the period'),
});
export type TrainingPolicy = z.infer<typeof TrainingPolicy>;

export const ProgressQuery = z.strictObject({
  from: Timestamp.optional().describe('attendance period start; default 28 days ago'),
  to: Timestamp.optional().describe('attendance period end; default now'),
  behindOnly: z.enum(['true', 'false']).optional(),
});
export const ProgressRow = z.object({
  leaderId: Id,
  name: z.string(),
  since: Timestamp,
  requiredTotal: z.number().int(),
  requiredDone: z.number().int(),
  coursesDone: z.number().int(),
  attended: z.number().int(),
  held: z.number().int(),
  attendanceRate: z.number().nullable(),
  pointWaiting: z.boolean(),
  behind: z.array(BehindReason),
});
export const ProgressList = z.object({ from: Timestamp, to: Timestamp, policy: TrainingPolicy, items: z.array(ProgressRow) });

export type CreateCourse = z.infer<typeof CreateCourse>;
export type UpdateCourse = z.infer<typeof UpdateCourse>;
export type LessonInput = z.infer<typeof LessonInput>;
export type AdminCourse = z.infer<typeof AdminCourse>;
export type AdminCourseDetail = z.infer<typeof AdminCourseDetail>;
export type AdminLesson = z.infer<typeof AdminLesson>;
export type LeaderCourse = z.infer<typeof LeaderCourse>;
export type LeaderCourseDetail = z.infer<typeof LeaderCourseDetail>;
export type LeaderLesson = z.infer<typeof LeaderLesson>;
export type LeaderTraining = z.infer<typeof LeaderTraining>;
export type SubmitQuiz = z.infer<typeof SubmitQuiz>;
export type QuizResult = z.infer<typeof QuizResult>;
export type CreateSessions = z.infer<typeof CreateSessions>;
export type AdminSession = z.infer<typeof AdminSession>;
export type SessionAttendance = z.infer<typeof SessionAttendance>;
export type LeaderSession = z.infer<typeof LeaderSession>;
export type ProgressRow = z.infer<typeof ProgressRow>;
export type BehindReason = z.infer<typeof BehindReason>;
export type MarkAttendance = z.infer<typeof MarkAttendance>;
