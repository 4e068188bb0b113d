import type { Generated } from 'kysely';
import type { Json, Timestamp } from './schema.ts';

/** Table types of leader training (migration 0056, module training). */

export type TrainingCourseStatus = 'draft' | 'published';

/** A quiz question: its choices and the indexes of the correct ones (one or more). */
export interface QuizQuestion {
  prompt: string;
  choices: string[];
  correct: number[];
}

export interface TrainingCoursesTable {
  id: string;
  operator_id: string;
  title: string;
  summary: Generated<string>;
  /** Required before a newly approved leader's point opens (once published). */
  required: Generated<boolean>;
  status: Generated<TrainingCourseStatus>;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
}

export interface TrainingLessonsTable {
  id: string;
  operator_id: string;
  course_id: string;
  position: number;
  title: string;
  body: Generated<string>;
  image_urls: Json<string[]>;
  video_url: string | null;
  questions: Json<QuizQuestion[]>;
  /** Percent of questions right needed to pass. */
  pass_mark: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TrainingAttemptsTable {
  id: string;
  operator_id: string;
  leader_id: string;
  course_id: string;
  lesson_id: string;
  answers: Json<number[][]>;
  score: number;
  passed: boolean;
  at: Timestamp;
}

export interface TrainingCompletionsTable {
  operator_id: string;
  leader_id: string;
  course_id: string;
  score: number;
  completed_at: Timestamp;
}

export interface TrainingGatesTable {
  pickup_point_id: string;
  operator_id: string;
  leader_id: string;
  state: Generated<'waiting' | 'opened'>;
  created_at: Timestamp;
  opened_at: Timestamp | null;
}

export interface TrainingSessionsTable {
  id: string;
  operator_id: string;
  series_id: string | null;
  title: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  check_in_code: string;
  created_at: Timestamp;
}

export interface TrainingAttendanceTable {
  session_id: string;
  leader_id: string;
  operator_id: string;
  via: 'code' | 'staff';
  marked_by: string | null;
  at: Timestamp;
}

/** An operator's rule for who is behind (migration 0064); the defaults without a row. */
export interface TrainingSettingsTable {
  operator_id: string;
  required_within_days: number;
  min_attendance_bp: number;
  updated_by: string;
  updated_at: Timestamp;
}

export interface TrainingTables {
  training_courses: TrainingCoursesTable;
  training_lessons: TrainingLessonsTable;
  training_attempts: TrainingAttemptsTable;
  training_completions: TrainingCompletionsTable;
  training_gates: TrainingGatesTable;
  training_sessions: TrainingSessionsTable;
  training_attendance: TrainingAttendanceTable;
  training_settings: TrainingSettingsTable;
}
