import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, UNAUTHORIZED_EVENT } from '../api/client.js';
import type { AppConfig, Me, Role } from '../api/types.js';
import { insideDingTalk, requestDingTalkAuthCode } from './dingtalk.js';

export type SessionState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly error: ApiError | Error }
  | { readonly kind: 'signed_out'; readonly config: AppConfig; readonly dingtalkError?: string }
  | { readonly kind: 'signed_in'; readonly config: AppConfig; readonly me: Me };

interface SessionValue {
  readonly state: SessionState;
  signInDemo(employeeId: string): Promise<void>;
  signOut(): Promise<void>;
  reload(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

async function loadMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function SessionProvider(props: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });

  const reload = useCallback(async () => {
    try {
      const config = await api.get<AppConfig>('/api/config');
      let me = await loadMe();
      let dingtalkError: string | undefined;
      if (!me && insideDingTalk()) {
        try {
          const code = await requestDingTalkAuthCode(config);
          await api.post('/api/auth/dingtalk', { code });
          me = await loadMe();
        } catch (e) {
          dingtalkError = e instanceof ApiError ? e.code : 'DINGTALK.AUTH_FAILED';
        }
      }
      setState(me ? { kind: 'signed_in', config, me } : { kind: 'signed_out', config, dingtalkError });
    } catch (e) {
      setState({ kind: 'failed', error: e as Error });
    }
  }, []);

  useEffect(() => {
    void reload();
    const onUnauthorized = () => {
      setState((s) => (s.kind === 'signed_in' ? { kind: 'signed_out', config: s.config } : s));
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, [reload]);

  const signInDemo = useCallback(
    async (employeeId: string) => {
      await api.post('/api/auth/demo', { employeeId });
      await reload();
    },
    [reload],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      await reload();
    }
  }, [reload]);

  const value = useMemo(() => ({ state, signInDemo, signOut, reload }), [state, signInDemo, signOut, reload]);
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** For pages that render only when signed in. */
export function useSignedIn(): { config: AppConfig; me: Me; has(role: Role): boolean } {
  const { state } = useSession();
  if (state.kind !== 'signed_in') throw new Error('useSignedIn while signed out');
  return { config: state.config, me: state.me, has: (role) => state.me.roles.includes(role) };
}
