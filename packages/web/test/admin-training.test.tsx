import { training } from '@linli/contracts';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSection, stubApi } from './admin-sections-harness.tsx';
import TrainingPage, { parseQuiz, quizText } from '../src/areas/admin/training/TrainingPage.tsx';

const course = training.AdminCourse.parse({
  id: 'trc_1',
  title: '新团长必修课',
  summary: '开店前必学',
  required: true,
  status: 'draft',
  lessonCount: 1,
  completedBy: 0,
  createdAt: '2026-12-07T01:00:00.000Z',
  publishedAt: null,
});
const lesson = {
  id: 'trl_1',
  position: 1,
  title: '取货核销',
  body: '核对取货码',
  imageUrls: [],
  videoUrl: 'https://example.com/v.mp4',
  questions: [{ prompt: '居民取货时要核对什么？', choices: ['取货码', '天气'], correct: [0] }],
  passMark: 100,
};
const row = (leaderId: string, behind: string[]) =>
  training.ProgressRow.parse({
    leaderId,
    name: `团长${leaderId}`,
    since: '2026-11-20T01:00:00.000Z',
    requiredTotal: 1,
    requiredDone: behind.includes('required_overdue') ? 0 : 1,
    coursesDone: 1,
    attended: 1,
    held: 4,
    attendanceRate: 0.25,
    pointWaiting: false,
    behind,
  });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('admin training', () => {
  it('reads a quiz typed as blocks (prompt, choices, * before the correct ones) and writes it back the same', () => {
    const text = '居民取货时要核对什么？\n*取货码\n天气\n\n哪些是团长的工作？\n*接货\n*核销取货\n改价格';
    const quiz = parseQuiz(text);
    expect(quiz).toEqual([
      { prompt: '居民取货时要核对什么？', choices: ['取货码', '天气'], correct: [0] },
      { prompt: '哪些是团长的工作？', choices: ['接货', '核销取货', '改价格'], correct: [0, 1] },
    ]);
    expect(quizText(quiz)).toBe(text);
    expect(parseQuiz('  \n\n ')).toEqual([]);
  });

  it('lists courses, opens one with its lessons and publishes it; the progress tab shows who is behind and why', async () => {
    let status = 'draft';
    let policy = { requiredWithinDays: 7, minAttendancePercent: 50 };
    const calls = stubApi({
      'GET admin/training/courses': () => ({ items: [{ ...course, status }] }),
      'GET admin/training/courses/trc_1': () => ({ ...course, status, lessons: [lesson] }),
      'POST admin/training/courses/trc_1/status': (c) => {
        status = (c.body as { status: string }).status;
        return { ...course, status, lessons: [lesson] };
      },
      'GET admin/training/progress': () => ({
        from: '2026-11-09T00:00:00.000Z',
        to: '2026-12-07T00:00:00.000Z',
        policy,
        items: [row('ldr_1', ['required_overdue', 'low_attendance'])],
      }),
      'PUT admin/training/policy': (c) => {
        policy = c.body as typeof policy;
        return policy;
      },
      'GET admin/training/sessions': () => ({ items: [] }),
    });
    renderSection('training', <TrainingPage />);
    fireEvent.click(await screen.findByText('新团长必修课'));
    await waitFor(() => expect(screen.getByText('取货核销')).toBeTruthy());
    expect(screen.getByTestId('course-status').textContent).toBe('草稿');
    fireEvent.click(screen.getByTestId('course-publish'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === 'admin/training/courses/trc_1/status')).toBe(true));
    await waitFor(() => expect(screen.getByTestId('course-status').textContent).toBe('已发布'));

    fireEvent.click(screen.getByText('学习进度'));
    await waitFor(() => expect(screen.getByTestId('progress-behind').textContent).toContain('必修超过 7 天未完成'));
    expect(screen.getByTestId('progress-behind').textContent).toContain('出勤低于 50%');
    expect(calls.find((c) => c.path === 'admin/training/progress')?.query.get('behindOnly')).toBe('true');

    // the operator's own rule: the hint and the reasons follow it
    fireEvent.click(screen.getByTestId('policy-edit'));
    fireEvent.change(await screen.findByTestId('policy-days'), { target: { value: '14' } });
    fireEvent.change(screen.getByTestId('policy-attendance'), { target: { value: '60' } });
    fireEvent.click(screen.getByTestId('policy-save'));
    await waitFor(() => expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ requiredWithinDays: 14, minAttendancePercent: 60 }));
    await waitFor(() => expect(screen.getByTestId('progress-behind').textContent).toContain('必修超过 14 天未完成'));
    expect(screen.getByTestId('progress-behind').textContent).toContain('出勤低于 60%');
    expect(screen.getByTestId('progress-hint').textContent).toContain('14 天');
  });
});
