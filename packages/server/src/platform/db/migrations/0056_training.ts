import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Leader training (团长培训课堂, module training): courses of ordered lessons (text, image URLs, an
 * optional video URL) each with a quiz (questions, choices, the correct choices, a pass mark);
 * a leader's quiz attempts, and a course's completion once every lesson's quiz is passed.
 * Required courses, once published, hold a newly approved leader's pickup point closed
 * (`training_gates`) until the leader has completed them all. Sessions are dated trainings
 * (a weekly series is created as dated sessions); a leader checks in with the session's code
 * shown by the trainer, or staff mark the attendance.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table training_courses (
  id text primary key,
  operator_id text not null,
  title text not null,
  summary text not null default '',
  required boolean not null default false,
  status text not null default 'draft' check (status in ('draft', 'published')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  published_at timestamptz
);
create index training_courses_operator on training_courses (operator_id, created_at);

-- A lesson of a course, in order; its quiz (questions with choices and the correct ones) as JSON.
create table training_lessons (
  id text primary key,
  operator_id text not null,
  course_id text not null references training_courses(id),
  position integer not null check (position >= 1),
  title text not null,
  body text not null default '',
  image_urls jsonb not null default '[]',
  video_url text check (video_url is null or video_url ~ '^https?://'),
  questions jsonb not null default '[]',
  pass_mark integer not null default 60 check (pass_mark between 0 and 100),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index training_lessons_course on training_lessons (course_id, position);

-- Every quiz a leader submitted, with its score (percent of questions right).
create table training_attempts (
  id text primary key,
  operator_id text not null,
  leader_id text not null,
  course_id text not null references training_courses(id),
  lesson_id text not null references training_lessons(id),
  answers jsonb not null,
  score integer not null check (score between 0 and 100),
  passed boolean not null,
  at timestamptz not null
);
create index training_attempts_leader on training_attempts (operator_id, leader_id, lesson_id);

-- A course a leader completed (every lesson's quiz passed), once; score: the mean of best scores.
create table training_completions (
  operator_id text not null,
  leader_id text not null,
  course_id text not null references training_courses(id),
  score integer not null check (score between 0 and 100),
  completed_at timestamptz not null,
  primary key (leader_id, course_id)
);
create index training_completions_operator on training_completions (operator_id, course_id);

-- A newly approved leader's point held closed until their required courses are done.
create table training_gates (
  pickup_point_id text primary key,
  operator_id text not null,
  leader_id text not null,
  state text not null default 'waiting' check (state in ('waiting', 'opened')),
  created_at timestamptz not null,
  opened_at timestamptz,
  check ((state = 'opened') = (opened_at is not null))
);
create index training_gates_leader on training_gates (operator_id, leader_id) where state = 'waiting';

-- A dated training (e.g. the weekly sales training); series_id ties the sessions of one series.
create table training_sessions (
  id text primary key,
  operator_id text not null,
  series_id text,
  title text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  check_in_code text not null,
  created_at timestamptz not null,
  check (ends_at > starts_at)
);
create index training_sessions_operator on training_sessions (operator_id, starts_at);

create table training_attendance (
  session_id text not null references training_sessions(id),
  leader_id text not null,
  operator_id text not null,
  via text not null check (via in ('code', 'staff')),
  marked_by text,
  at timestamptz not null,
  primary key (session_id, leader_id)
);
create index training_attendance_leader on training_attendance (operator_id, leader_id);
`,
  );
}
