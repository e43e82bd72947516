/** The signed-in user, from /api/auth/me; null when signed out. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../../../shared/schemas/auth';
import { ApiError, get, post, setCsrfToken } from '../../api/client';

export const ME_KEY = ['me'] as const;

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
    qc.setQueryData(ME_KEY, me);
    return me;
  };
}

export function useSignOut() {
  const qc = useQueryClient();
  return async (): Promise<void> => {
    await post('/api/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    qc.clear();
    qc.setQueryData(ME_KEY, null);
  };
}
