import * as training from '@linli/contracts/training';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Radio, Result, Space, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api } from '../api.ts';
import { Page } from '../Page.tsx';

type Lesson = z.infer<typeof training.LeaderLesson>;
type QuizResult = z.infer<typeof training.QuizResult>;
type LeaderTraining = z.infer<typeof training.LeaderTraining>;

/** One lesson: its text, pictures and video, then its quiz; the result shows under it. */
function LessonCard({ lesson, onResult }: { lesson: Lesson; onResult: (r: QuizResult) => void }) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<number[][]>(() => lesson.questions.map(() => []));
  const [result, setResult] = useState<QuizResult | null>(null);
  const submit = useMutation({
    mutationFn: async () => training.QuizResult.parse(await api.post(`leader/training/lessons/${lesson.id}/quiz`, { answers })),
    onSuccess: (r) => {
      setResult(r);
      onResult(r);
    },
    onError: (err) => Toast.show({ icon: 'fail', content: errorText(t, err) }),
  });
  const set = (i: number, chosen: number[]) => setAnswers((prev) => prev.map((a, k) => (k === i ? chosen : a)));
  return (
    <div className="ll-card" data-testid="training-lesson">
      <div className="ll-row">
        <div className="lh-card-title">
          {lesson.position}. {lesson.title}
        </div>
        {lesson.passed && <Tag color="success">{t('training.passed', { score: lesson.bestScore })}</Tag>}
      </div>
      <div style={{ whiteSpace: 'pre-wrap', margin: '8px 0' }}>{lesson.body}</div>
      {lesson.imageUrls.map((src) => (
        <img key={src} src={src} alt="" style={{ width: '100%', borderRadius: 8, marginBottom: 8 }} />
      ))}
      {lesson.videoUrl && (
        <div style={{ marginBottom: 8 }}>
          <video src={lesson.videoUrl} controls preload="none" style={{ width: '100%', borderRadius: 8 }}>
            <track kind="captions" />
          </video>
          <a href={lesson.videoUrl} target="_blank" rel="noreferrer">
            {t('training.openVideo')}
          </a>
        </div>
      )}
      {lesson.questions.length > 0 && <div className="lh-card-title">{t('training.quiz', { mark: lesson.passMark })}</div>}
      {lesson.questions.map((q, i) => (
        <div key={q.prompt} style={{ margin: '8px 0' }} data-testid="training-question">
          <div>
            {i + 1}. {q.prompt} {q.multiple && <span className="ll-muted">{t('training.multiple')}</span>}
          </div>
          {q.multiple ? (
            <Checkbox.Group value={answers[i] ?? []} onChange={(v) => set(i, (v as number[]).slice().sort())}>
              <Space direction="vertical">
                {q.choices.map((c, k) => (
                  <Checkbox key={c} value={k} data-testid="training-choice">
                    {c}
                  </Checkbox>
                ))}
              </Space>
            </Checkbox.Group>
          ) : (
            <Radio.Group value={answers[i]?.[0] ?? null} onChange={(v) => set(i, [v as number])}>
              <Space direction="vertical">
                {q.choices.map((c, k) => (
                  <Radio key={c} value={k} data-testid="training-choice">
                    {c}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          )}
        </div>
      ))}
      <Button block color="primary" loading={submit.isPending} onClick={() => submit.mutate()} data-testid="training-submit">
        {lesson.questions.length > 0 ? t('training.submit') : t('training.markRead')}
      </Button>
      {result && (
        <div style={{ marginTop: 8, color: result.passed ? '#00b578' : '#ff3141' }} data-testid="training-result">
          {result.passed
            ? t('training.resultPassed', { score: result.score, right: result.right, total: result.total })
            : t('training.resultFailed', { score: result.score, mark: result.passMark, right: result.right, total: result.total })}
        </div>
      )}
    </div>
  );
}

/** A course on the phone: lesson after lesson, each with its quiz; the last pass completes it (and may open my point). */
export default function CoursePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const course = useQuery({
    queryKey: ['leader', 'training', 'course', id],
    queryFn: async () => training.LeaderCourseDetail.parse(await api.get(`leader/training/courses/${id}`)),
  });
  const [done, setDone] = useState<QuizResult | null>(null);
  const onResult = (r: QuizResult) => {
    // the point is open now: home must not send the leader back here on the old answer
    if (r.pointOpened)
      client.setQueryData<LeaderTraining>(['leader', 'training'], (old) => old && { ...old, pointWaiting: false, requiredMissing: 0 });
    void client.invalidateQueries({ queryKey: ['leader', 'training'] });
    if (r.pointOpened) void client.invalidateQueries({ queryKey: ['leader', 'me'] });
    if (r.courseCompleted) setDone(r);
  };
  return (
    <Page title={course.data?.title ?? t('training.title')} back>
      {done ? (
        <Result
          status="success"
          title={done.pointOpened ? t('training.pointOpened') : t('training.courseDone')}
          description={done.pointOpened ? t('training.pointOpenedHint') : undefined}
          data-testid="training-course-done"
        />
      ) : null}
      {done && (
        <div className="ll-card">
          <Button block color="primary" onClick={() => navigate(done.pointOpened ? '/' : '/training')} data-testid="training-done-next">
            {done.pointOpened ? t('training.goHome') : t('training.backToCourses')}
          </Button>
        </div>
      )}
      {!done && (
        <QueryState query={course}>
          {(c) => (
            <>
              {c.summary && <div className="ll-card ll-muted">{c.summary}</div>}
              {c.lessons.map((l) => (
                <LessonCard key={l.id} lesson={l} onResult={onResult} />
              ))}
            </>
          )}
        </QueryState>
      )}
    </Page>
  );
}
