import * as training from '@linli/contracts/training';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Drawer, Form, Input, InputNumber, Modal, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { dateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { BehindPolicyForm } from './BehindPolicyForm.tsx';
import './locales.ts';

type Course = z.infer<typeof training.AdminCourse>;
type Lesson = z.infer<typeof training.AdminLesson>;
type Session = z.infer<typeof training.AdminSession>;
type Row = z.infer<typeof training.ProgressRow>;

/** A quiz as staff type it: one question per block, the prompt first, then one choice per line, a `*` before each correct one. */
export function parseQuiz(text: string): { prompt: string; choices: string[]; correct: number[] }[] {
  return text
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .filter((lines) => lines.length > 0)
    .map(([prompt = '', ...choices]) => ({
      prompt,
      choices: choices.map((c) => c.replace(/^\*\s*/, '')),
      correct: choices.flatMap((c, i) => (c.startsWith('*') ? [i] : [])),
    }));
}

export function quizText(questions: Lesson['questions']): string {
  return questions.map((q) => [q.prompt, ...q.choices.map((c, i) => (q.correct.includes(i) ? `*${c}` : c))].join('\n')).join('\n\n');
}

interface LessonForm {
  title: string;
  body: string;
  imageUrls: string;
  videoUrl: string;
  quiz: string;
  passMark: number;
}

/** One course: its settings, lessons and quizzes, and publishing. */
function CourseEditor({ courseId, onClose }: { courseId: string; onClose: () => void }) {
  const { t } = useTranslation(['training', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const course = useQuery({
    queryKey: ['admin-training-course', courseId],
    queryFn: async () => training.AdminCourseDetail.parse(await api.get(`admin/training/courses/${courseId}`)),
  });
  const [editing, setEditing] = useState<Lesson | 'new' | null>(null);
  const [form] = Form.useForm<LessonForm>();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['admin-training-course', courseId] });
    void client.invalidateQueries({ queryKey: ['admin-training-courses'] });
  };
  const onError = (err: unknown) => void message.error(errorText(t, err));
  const saveLesson = useMutation({
    mutationFn: (v: LessonForm) => {
      const body = {
        title: v.title,
        body: v.body ?? '',
        imageUrls: (v.imageUrls ?? '')
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
        videoUrl: v.videoUrl?.trim() ? v.videoUrl.trim() : null,
        questions: parseQuiz(v.quiz ?? ''),
        passMark: v.passMark,
      };
      return editing && editing !== 'new'
        ? api.put(`admin/training/courses/${courseId}/lessons/${editing.id}`, body)
        : api.post(`admin/training/courses/${courseId}/lessons`, body);
    },
    onSuccess: () => {
      setEditing(null);
      refresh();
    },
    onError,
  });
  const removeLesson = useMutation({
    mutationFn: (id: string) => api.delete(`admin/training/courses/${courseId}/lessons/${id}`),
    onSuccess: refresh,
    onError,
  });
  const setStatus = useMutation({
    mutationFn: (status: Course['status']) => api.post(`admin/training/courses/${courseId}/status`, { status }),
    onSuccess: refresh,
    onError,
  });
  const setRequired = useMutation({
    mutationFn: (required: boolean) => api.patch(`admin/training/courses/${courseId}`, { required }),
    onSuccess: refresh,
    onError,
  });
  const open = (l: Lesson | 'new') => {
    setEditing(l);
    form.setFieldsValue(
      l === 'new'
        ? { title: '', body: '', imageUrls: '', videoUrl: '', quiz: '', passMark: 60 }
        : {
            title: l.title,
            body: l.body,
            imageUrls: l.imageUrls.join('\n'),
            videoUrl: l.videoUrl ?? '',
            quiz: quizText(l.questions),
            passMark: l.passMark,
          },
    );
  };
  const c = course.data;
  return (
    <Drawer open width={720} onClose={onClose} title={c?.title ?? ''} destroyOnHidden>
      {course.isError && <LoadError query={course} />}
      {c && (
        <>
          <Space style={{ marginBottom: 16 }} wrap>
            <Tag color={c.status === 'published' ? 'success' : 'default'} data-testid="course-status">
              {t(`statuses.${c.status}`)}
            </Tag>
            <span>
              {t('required')} <Switch checked={c.required} onChange={(v) => setRequired.mutate(v)} data-testid="course-required" />
            </span>
            <Button
              type={c.status === 'draft' ? 'primary' : 'default'}
              onClick={() => setStatus.mutate(c.status === 'draft' ? 'published' : 'draft')}
              data-testid="course-publish"
            >
              {c.status === 'draft' ? t('publish') : t('unpublish')}
            </Button>
            <Button onClick={() => open('new')} data-testid="lesson-new">
              {t('addLesson')}
            </Button>
          </Space>
          <Typography.Paragraph type="secondary">{c.required ? t('requiredHint') : c.summary}</Typography.Paragraph>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={c.lessons}
            columns={[
              { title: '#', dataIndex: 'position', width: 48 },
              {
                title: t('lesson'),
                dataIndex: 'title',
                render: (v: string, l) => <Typography.Link onClick={() => open(l)}>{v}</Typography.Link>,
              },
              { title: t('quiz'), key: 'quiz', render: (_, l) => t('quizSummary', { count: l.questions.length, mark: l.passMark }) },
              { title: t('video'), key: 'video', render: (_, l) => (l.videoUrl ? <a href={l.videoUrl}>{t('video')}</a> : '—') },
              {
                title: '',
                key: 'remove',
                render: (_, l) => (
                  <Button
                    size="small"
                    danger
                    onClick={() => Modal.confirm({ title: t('removeConfirm'), onOk: () => removeLesson.mutateAsync(l.id) })}
                  >
                    {t('remove')}
                  </Button>
                ),
              },
            ]}
          />
        </>
      )}
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('addLesson') : t('editLesson')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        width={640}
        okButtonProps={{ loading: saveLesson.isPending, 'data-testid': 'lesson-save' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => saveLesson.mutate(v)}>
          <Form.Item name="title" label={t('lesson')} rules={[{ required: true }]}>
            <Input data-testid="lesson-title" maxLength={80} />
          </Form.Item>
          <Form.Item name="body" label={t('body')}>
            <Input.TextArea rows={5} data-testid="lesson-body" />
          </Form.Item>
          <Form.Item name="imageUrls" label={t('images')} extra={t('imagesHint')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="videoUrl" label={t('video')} rules={[{ pattern: /^https?:\/\/\S+$/, message: t('videoInvalid') }]}>
            <Input placeholder="https://" data-testid="lesson-video" />
          </Form.Item>
          <Form.Item name="quiz" label={t('quiz')} extra={t('quizHint')}>
            <Input.TextArea rows={8} data-testid="lesson-quiz" placeholder={t('quizPlaceholder')} />
          </Form.Item>
          <Form.Item name="passMark" label={t('passMark')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100} addonAfter="%" />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}

function CoursesTab() {
  const { t } = useTranslation(['training', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ title: string; summary: string; required: boolean }>();
  const courses = useQuery({
    queryKey: ['admin-training-courses'],
    queryFn: async () => training.AdminCourseList.parse(await api.get('admin/training/courses')).items,
  });
  const create = useMutation({
    mutationFn: async (v: { title: string; summary?: string; required?: boolean }) =>
      training.AdminCourseDetail.parse(
        await api.post('admin/training/courses', { title: v.title, summary: v.summary ?? '', required: v.required ?? false }),
      ),
    onSuccess: (c) => {
      setCreating(false);
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['admin-training-courses'] });
      setOpen(c.id);
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  const columns: ColumnsType<Course> = [
    {
      title: t('course'),
      dataIndex: 'title',
      render: (v: string, c) => <Typography.Link onClick={() => setOpen(c.id)}>{v}</Typography.Link>,
    },
    { title: t('required'), dataIndex: 'required', render: (v: boolean) => (v ? <Tag color="red">{t('required')}</Tag> : null) },
    { title: t('lessons'), dataIndex: 'lessonCount' },
    { title: t('completedBy'), dataIndex: 'completedBy' },
    {
      title: t('status'),
      dataIndex: 'status',
      render: (s: Course['status']) => <Tag color={s === 'published' ? 'success' : 'default'}>{t(`statuses.${s}`)}</Tag>,
    },
  ];
  return (
    <>
      <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setCreating(true)} data-testid="course-new">
        {t('newCourse')}
      </Button>
      {courses.isError ? (
        <LoadError query={courses} />
      ) : (
        <Table
          rowKey="id"
          loading={courses.isLoading}
          dataSource={courses.data ?? []}
          columns={columns}
          pagination={false}
          data-testid="training-courses"
        />
      )}
      <Modal
        open={creating}
        title={t('newCourse')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: create.isPending, 'data-testid': 'course-create' }}
      >
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ required: false }}>
          <Form.Item name="title" label={t('course')} rules={[{ required: true }]}>
            <Input data-testid="course-title" maxLength={80} />
          </Form.Item>
          <Form.Item name="summary" label={t('summary')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Form.Item name="required" label={t('required')} valuePropName="checked" extra={t('requiredHint')}>
            <Switch data-testid="course-required-new" />
          </Form.Item>
        </Form>
      </Modal>
      {open && <CourseEditor courseId={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function SessionsTab() {
  const { t } = useTranslation(['training', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [watching, setWatching] = useState<string | null>(null);
  const [form] = Form.useForm<{ title: string; startsAt: Dayjs; durationMinutes: number; weeks: number }>();
  const sessions = useQuery({
    queryKey: ['admin-training-sessions'],
    queryFn: async () => training.AdminSessionList.parse(await api.get('admin/training/sessions')).items,
  });
  const attendance = useQuery({
    queryKey: ['admin-training-session', watching],
    enabled: watching !== null,
    queryFn: async () => training.SessionAttendance.parse(await api.get(`admin/training/sessions/${watching}`)),
  });
  const onError = (err: unknown) => void message.error(errorText(t, err));
  const create = useMutation({
    mutationFn: (v: { title: string; startsAt: Dayjs; durationMinutes: number; weeks: number }) =>
      api.post('admin/training/sessions', {
        title: v.title,
        startsAt: v.startsAt.toISOString(),
        durationMinutes: v.durationMinutes,
        weeks: v.weeks,
      }),
    onSuccess: () => {
      setCreating(false);
      void client.invalidateQueries({ queryKey: ['admin-training-sessions'] });
    },
    onError,
  });
  const mark = useMutation({
    mutationFn: (v: { leaderId: string; attended: boolean }) => api.post(`admin/training/sessions/${watching}/attendance`, v),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['admin-training-session', watching] });
      void client.invalidateQueries({ queryKey: ['admin-training-sessions'] });
    },
    onError,
  });
  const columns: ColumnsType<Session> = [
    {
      title: t('session'),
      dataIndex: 'title',
      render: (v: string, s) => <Typography.Link onClick={() => setWatching(s.id)}>{v}</Typography.Link>,
    },
    { title: t('startsAt'), dataIndex: 'startsAt', render: (v: string) => dateTime(v) },
    { title: t('code'), dataIndex: 'checkInCode', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('attendedCount'), dataIndex: 'attended' },
  ];
  return (
    <>
      <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setCreating(true)} data-testid="session-new">
        {t('newSession')}
      </Button>
      <Typography.Paragraph type="secondary">{t('sessionsHint')}</Typography.Paragraph>
      {sessions.isError ? (
        <LoadError query={sessions} />
      ) : (
        <Table rowKey="id" loading={sessions.isLoading} dataSource={sessions.data ?? []} columns={columns} pagination={false} />
      )}
      <Modal open={creating} title={t('newSession')} onCancel={() => setCreating(false)} onOk={() => form.submit()}>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => create.mutate(v)}
          initialValues={{ durationMinutes: 60, weeks: 1, title: t('weeklyTitle') }}
        >
          <Form.Item name="title" label={t('session')} rules={[{ required: true }]}>
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="startsAt" label={t('startsAt')} rules={[{ required: true }]}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="durationMinutes" label={t('duration')}>
            <InputNumber min={10} max={480} addonAfter={t('minutes')} />
          </Form.Item>
          <Form.Item name="weeks" label={t('weeks')} extra={t('weeksHint')}>
            <InputNumber min={1} max={26} />
          </Form.Item>
        </Form>
      </Modal>
      <Drawer open={watching !== null} onClose={() => setWatching(null)} width={560} title={attendance.data?.session.title ?? ''}>
        {attendance.data && (
          <Table
            rowKey="leaderId"
            size="small"
            pagination={false}
            dataSource={attendance.data.leaders}
            columns={[
              { title: t('leader'), dataIndex: 'name' },
              { title: t('via'), dataIndex: 'via', render: (v: string | null) => (v ? t(`vias.${v}`) : '—') },
              {
                title: t('present'),
                dataIndex: 'attended',
                render: (v: boolean, l) => <Switch checked={v} onChange={(attended) => mark.mutate({ leaderId: l.leaderId, attended })} />,
              },
            ]}
          />
        )}
      </Drawer>
    </>
  );
}

function ProgressTab() {
  const { t } = useTranslation(['training', 'common']);
  const [behindOnly, setBehindOnly] = useState(true);
  const [editing, setEditing] = useState(false);
  const progress = useQuery({
    queryKey: ['admin-training-progress', behindOnly],
    queryFn: async () => training.ProgressList.parse(await api.get('admin/training/progress', behindOnly ? { behindOnly: 'true' } : {})),
  });
  const columns: ColumnsType<Row> = [
    { title: t('leader'), dataIndex: 'name' },
    { title: t('since'), dataIndex: 'since', render: (v: string) => dateTime(v) },
    { title: t('requiredDone'), key: 'required', render: (_, r) => `${r.requiredDone} / ${r.requiredTotal}` },
    { title: t('coursesDone'), dataIndex: 'coursesDone' },
    {
      title: t('attendance'),
      key: 'attendance',
      render: (_, r) => (r.attendanceRate === null ? '—' : `${r.attended} / ${r.held} (${Math.round(r.attendanceRate * 100)}%)`),
    },
    { title: t('point'), dataIndex: 'pointWaiting', render: (v: boolean) => (v ? <Tag color="orange">{t('pointWaiting')}</Tag> : null) },
    {
      title: t('behind'),
      dataIndex: 'behind',
      render: (reasons: Row['behind']) => (
        <Space size={4} wrap data-testid="progress-behind">
          {reasons.map((r) => (
            <Tag key={r} color="red">
              {t(`reasons.${r}`, {
                days: progress.data?.policy.requiredWithinDays,
                percent: progress.data?.policy.minAttendancePercent,
              })}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Switch checked={behindOnly} onChange={setBehindOnly} /> {t('behindOnly')}
      </Space>
      {progress.data && (
        <Typography.Paragraph type="secondary" data-testid="progress-hint">
          {t('progressHint', { days: progress.data.policy.requiredWithinDays, percent: progress.data.policy.minAttendancePercent })}{' '}
          <Typography.Link onClick={() => setEditing(!editing)} data-testid="policy-edit">
            {t('policy.edit')}
          </Typography.Link>
        </Typography.Paragraph>
      )}
      {editing && progress.data && <BehindPolicyForm policy={progress.data.policy} onSaved={() => setEditing(false)} />}
      {progress.isError ? (
        <LoadError query={progress} />
      ) : (
        <Table
          rowKey="leaderId"
          loading={progress.isLoading}
          dataSource={progress.data?.items ?? []}
          columns={columns}
          data-testid="training-progress"
        />
      )}
    </>
  );
}

/** 团长培训 for staff: courses with lessons and quizzes, sessions with attendance, and who is behind. */
export default function TrainingPage() {
  const { t } = useTranslation(['training', 'common']);
  return (
    <div>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Tabs
        items={[
          { key: 'courses', label: t('courses'), children: <CoursesTab /> },
          { key: 'sessions', label: t('sessions'), children: <SessionsTab /> },
          { key: 'progress', label: t('progress'), children: <ProgressTab /> },
        ]}
      />
    </div>
  );
}
