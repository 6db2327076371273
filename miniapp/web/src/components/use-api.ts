import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.js';

export type Loaded<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'error'; readonly error: ApiError | Error }
  | { readonly kind: 'ready'; readonly data: T };

/** Loads once per `deps` change; `reload` refetches. Late answers of stale requests are ignored. */
export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> & { reload(): void } {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  const generation = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    run().then(
      (data) => mine === generation.current && setState({ kind: 'ready', data }),
      (error: Error) => mine === generation.current && setState({ kind: 'error', error }),
    );
  }, [run]);
  useEffect(() => {
    setState({ kind: 'loading' });
    reload();
  }, [reload]);
  return { ...state, reload };
}
