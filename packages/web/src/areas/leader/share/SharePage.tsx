import { Button, Selector, Toast } from 'antd-mobile';
import { StateBlock } from '../../../mobile/StateBlock.tsx';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { shortDateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { type Campaign, type Profile, useCampaigns, useMe } from '../api.ts';
import { Page } from '../Page.tsx';
import { posterContent, shareLink, shareMessage } from './content.ts';
import { copyText, dataUrlFile } from './copy.ts';
import { renderPoster } from './drawPoster.ts';
import { Spinner } from '../../../mobile/Spinner.tsx';

function ShareView({ me, campaigns, id }: { me: Profile; campaigns: Campaign[]; id: string }) {
  const { t } = useTranslation();
  const points = me.pickupPoints.filter((p) => p.status === 'open');
  const [pointId, setPointId] = useState(points[0]?.id ?? '');
  const point = points.find((p) => p.id === pointId) ?? points[0];
  const campaign = id === 'today' ? null : (campaigns.find((c) => c.id === id) ?? null);
  const [poster, setPoster] = useState<{ src: string } | { error: string } | null>(null);

  const content = useMemo(() => {
    if (!point) return null;
    const words = {
      brand: t('share.brand'),
      dayTitle: t('share.dayTitle'),
      cutoff: (time: string) => t('share.cutoff', { time }),
      pickup: (date: string) => t('share.pickup', { date }),
      more: (count: number) => t('share.more', { count }),
      scanHint: t('share.scanHint'),
    };
    const formatDate = (d: string) => t('share.date', { month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) });
    return posterContent(campaigns, campaign, point, words, shortDateTime, formatDate);
  }, [campaigns, campaign, point, t]);
  const link = point ? shareLink(window.location.origin, point.id) : '';

  useEffect(() => {
    if (!content) return;
    let live = true;
    setPoster(null);
    renderPoster(content, link).then(
      (src) => live && setPoster({ src }),
      (err) => live && setPoster({ error: errorText(t, err) }),
    );
    return () => {
      live = false;
    };
  }, [content, link, t]);

  if (!point) return <StateBlock status="empty" title={t('share.noPoint')} />;
  if (id !== 'today' && !campaign) return <StateBlock status="empty" title={t('share.noCampaign')} />;
  if (content && content.items.length === 0) return <StateBlock status="empty" title={t('campaigns.none')} />;

  const copy = async (text: string) => {
    Toast.show({ content: (await copyText(text)) ? t('share.copied') : t('share.copyFailed') });
  };
  const shareFile = async () => {
    if (!poster || !('src' in poster)) return;
    try {
      await navigator.share({ files: [await dataUrlFile(poster.src, 'linli-poster.png')], title: content?.title });
    } catch {
      // the leader closed the share sheet
    }
  };

  const download = (src: string) => {
    const a = document.createElement('a');
    a.href = src;
    a.download = 'linli-poster.png';
    document.body.append(a);
    a.click();
    a.remove();
  };

  return (
    <>
      {points.length > 1 && (
        <div className="ll-card">
          <div className="lh-card-title">{t('share.point')}</div>
          <Selector
            columns={1}
            value={[point.id]}
            onChange={(v) => v[0] && setPointId(v[0])}
            options={points.map((p) => ({ label: p.name, value: p.id, description: p.address }))}
          />
        </div>
      )}
      <div className="ll-card">
        <div className="lh-card-title">{t('share.link')}</div>
        <div className="ls-link" data-testid="share-link">
          {link}
        </div>
        <p className="ll-muted">{t('share.linkHint', { point: point.name })}</p>
        <div className="ls-buttons">
          <Button color="primary" onClick={() => copy(link)} data-testid="share-copy">
            {t('share.copyLink')}
          </Button>
          <Button
            color="primary"
            fill="outline"
            onClick={() => (content ? copy(shareMessage(content, link, t('share.cta'))) : undefined)}
            data-testid="share-copy-text"
          >
            {t('share.copyText')}
          </Button>
        </div>
      </div>
      <div className="ll-card">
        <div className="lh-card-title">{t('share.poster')}</div>
        {poster === null && (
          <div className="ll-center">
            <Spinner />
          </div>
        )}
        {poster && 'error' in poster && <StateBlock status="error" title={poster.error} />}
        {poster && 'src' in poster && (
          <>
            <img className="ls-poster" src={poster.src} alt={content?.title} data-testid="poster-image" />
            <p className="ll-muted ls-center">{t('share.posterHint')}</p>
            <div className="ls-buttons">
              <Button color="primary" onClick={() => download(poster.src)} data-testid="poster-download">
                {t('share.download')}
              </Button>
              {typeof navigator.share === 'function' && (
                <Button color="primary" fill="outline" onClick={shareFile} data-testid="poster-share">
                  {t('share.send')}
                </Button>
              )}
            </div>
          </>
        )}
      </div>
    </>
  );
}

/** Sharing one campaign, or the whole day ('today'): my attribution link, a ready message and a poster. */
export default function SharePage() {
  const { t } = useTranslation();
  const { id = 'today' } = useParams();
  const me = useMe();
  const campaigns = useCampaigns();
  return (
    <Page title={id === 'today' ? t('share.titleDay') : t('share.title')} back>
      <QueryState query={me}>
        {(profile) => <QueryState query={campaigns}>{(items) => <ShareView me={profile} campaigns={items} id={id} />}</QueryState>}
      </QueryState>
    </Page>
  );
}
