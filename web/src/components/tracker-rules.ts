import { useMemo } from 'react';
import { trackersApi, type TrackerRule } from '@booth/shared/api';
import { useApi } from '../api/use-api';

/**
 * The keyword trackers as matcher rules, fetched once per mount (a room view asks once; a tracker
 * added meanwhile shows from the next view). Empty while loading or when the list cannot be read:
 * highlighting is a help, never in the way of the captions.
 */
export function useTrackerRules(): TrackerRule[] {
  const { data } = useApi(trackersApi.list, {});
  return useMemo(() => data?.trackers ?? [], [data]);
}
