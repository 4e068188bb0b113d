import * as training from '@linli/contracts/training';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';

/** My courses and whether my pickup point waits for the required ones. */
export function useTraining() {
  return useQuery({
    queryKey: ['leader', 'training'],
    queryFn: async () => training.LeaderTraining.parse(await api.get('leader/training')),
  });
}
