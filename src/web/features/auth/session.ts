/** The signed-in user, from /api/auth/me; null when signed out. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../../../shared/schemas/auth';
import { ApiError, get, post, setCsrfToken } from '../../api/client';

export const ME_KEY = ['me'] as const;

/**
 * Work in progress kept in this tab (sessionStorage: it survives a reload, not the tab) under
 * `dimotis.draft.<userId>.<what>`. Drafts hold citizens' personal data, so on a shared PC they go
 * with the user: signing out clears them, and signing in clears any other user's.
 */
export const draftKey = (userId: string, what: string): string => `dimotis.draft.${userId}.${what}`;

export function clearDrafts(exceptUserId?: string): void {
  if (typeof sessionStorage === 'undefined') return;
  const keep = exceptUserId ? `dimotis.draft.${exceptUserId}.` : null;
  for (const key of Object.keys(sessionStorage)) {
    if (key.startsWith('dimotis.draft.') && !(keep && key.startsWith(keep))) sessionStorage.removeItem(key);
  }
}

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await get<Me>('/api/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false });
}

export function useSignIn() {
  const qc = useQueryClient();
  return async (username: string, password: string): Promise<Me> => {
    const me = await post<Me>('/api/auth/login', { username, password });
    setCsrfToken(me.csrfToken);
    clearDrafts(me.id);
    qc.setQueryData(ME_KEY, me);
    return me;
  };
}

export function useSignOut() {
  const qc = useQueryClient();
  return async (): Promise<void> => {
    await post('/api/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    clearDrafts();
    qc.clear();
    qc.setQueryData(ME_KEY, null);
  };
}
