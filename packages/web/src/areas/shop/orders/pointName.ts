import { useQuery } from '@tanstack/react-query';
import { useProfile } from '../api.ts';
import { nearby } from '../points/locate.ts';

/** A pickup point's name: mine from the profile, another one from the points near mine (null when unknown). */
export function usePointName(pointId: string | undefined): string | null {
  const me = useProfile().data;
  const mine = me?.pickupPoint;
  const isMine = !!pointId && mine?.id === pointId;
  const near = useQuery({
    queryKey: ['shop', 'points-near', mine?.id ?? null],
    queryFn: () => nearby(mine!, 50),
    enabled: !!pointId && !isMine && !!mine,
    staleTime: 600_000,
  });
  if (isMine) return mine!.name;
  return near.data?.find((p) => p.id === pointId)?.name ?? null;
}
