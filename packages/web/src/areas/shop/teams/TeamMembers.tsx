import { useTranslation } from 'react-i18next';
import type { Team } from './teamApi.ts';

/** The team's members as avatars (the opener marked), then its empty slots. */
export function TeamMembers({ team }: { team: Team }) {
  const { t } = useTranslation('shop');
  return (
    <div className="shop-team-members" data-testid="team-members">
      {team.members.map((m, i) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: members have no id on the shop's side; the list only grows, in order
          key={i}
          className={`shop-team-avatar${m.refunded ? ' shop-team-avatar-refunded' : ''}`}
          title={m.name}
          data-testid="team-member"
        >
          {m.initial}
          {m.isOpener && <em>{t('team.opener')}</em>}
        </span>
      ))}
      {Array.from({ length: Math.max(0, team.slotsLeft) }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: empty slots have nothing else to tell them apart
        <span key={i} className="shop-team-avatar shop-team-avatar-empty" data-testid="team-slot">
          ?
        </span>
      ))}
    </div>
  );
}
