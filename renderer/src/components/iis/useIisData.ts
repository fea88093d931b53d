import { useEffect, useState } from 'react';
import type { Channel, RequestOf, ResponseOf } from '../../../../shared/contract';
import { getApi } from '../../api';
import { useView } from '../../viewStore';

/**
 * One main-side answer kept in state, asked again when `key` or the loaded files change. Late
 * answers of an older key are dropped. `null` = no request (e.g. nothing selected).
 */
export function useIisCall<C extends Channel>(channel: C, request: RequestOf<C> | null, key: string): { value?: ResponseOf<C>; error?: string; loading: boolean } {
  const dataVersion = useView((s) => s.dataVersion);
  const [state, setState] = useState<{ key?: string; value?: ResponseOf<C>; error?: string }>({});
  const full = `${dataVersion}|${key}`;
  useEffect(() => {
    if (!request) return;
    let live = true;
    getApi()
      .call(channel, request)
      .then((value) => live && setState({ key: full, value }))
      .catch((e: unknown) => live && setState({ key: full, error: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
    // `request` is described by `key`.
  }, [full, channel, request === null]);
  return { value: request ? state.value : undefined, error: state.key === full ? state.error : undefined, loading: state.key !== full };
}
