/**
 * The typed API client: JSON in and out, the CSRF token on every unsafe method, and
 * problem+json errors turned into `ApiError` with the server's Greek and English message.
 *
 * When a signed-in user's session has ended (expired, or ended on the server), a call is not failed
 * at once: the sign-in dialog (features/auth/SessionDialog) opens over the screen, and once the user
 * has signed in again the call is sent again as it was (same body, same Idempotency-Key, the new
 * CSRF token), so nothing typed is lost and a registration is not made twice.
 */
import type { ErrorCode } from '../../shared/error-codes';

export interface Problem {
  code: ErrorCode;
  status: number;
  message: { el: string; en: string };
  /** Field problems: `path` like "body/citizen/phone", `kind` the validator's issue code (too_small, invalid_format…). */
  errors?: { path: string; message: string; kind?: string }[];
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message.en);
  }
  get code(): ErrorCode {
    return this.problem.code;
  }
  get status(): number {
    return this.problem.status;
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null): void => void (csrfToken = token);

/**
 * The pending "sign in again" prompt, shared by every call that met the ended session: one dialog,
 * and all of them sent again after one sign-in. A screen shows it by subscribing (SessionDialog).
 */
export const sessionPrompt = (() => {
  let pending: { promise: Promise<void>; resolve: () => void; reject: (err: unknown) => void } | null = null;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  return {
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    isOpen: (): boolean => pending !== null,
    /** Resolves once the user has signed in again; rejects with `err` if they give up (or nobody can ask). */
    ask(err: ApiError): Promise<void> {
      if (!listeners.size) return Promise.reject(err);
      if (!pending) {
        let resolve!: () => void;
        let reject!: (e: unknown) => void;
        const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
        pending = { promise, resolve, reject: () => reject(err) };
        notify();
      }
      return pending.promise;
    },
    /** Signed in again: the waiting calls go out again. */
    signedIn(): void {
      pending?.resolve();
      pending = null;
      notify();
    },
    /** The user closed the dialog: the waiting calls fail with "sign in to continue". */
    dismiss(): void {
      pending?.reject(undefined);
      pending = null;
      notify();
    },
  };
})();

/** Sign-in and sign-out answer 401 for their own reasons; every other 401 of a signed-in user is an ended session. */
const endsSession = (path: string, status: number): boolean => status === 401 && csrfToken !== null && !/^\/api\/auth\/(login|logout)\b/.test(path);

const offline: Problem = {
  code: 'internal',
  status: 0,
  message: { el: 'Δεν υπάρχει σύνδεση με τον διακομιστή. Ελέγξτε το δίκτυο και δοκιμάστε ξανά.', en: 'Cannot reach the server. Check the network and try again.' },
};

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export async function api<T>(method: Method, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  try {
    return await send<T>(method, path, body, headers);
  } catch (err) {
    if (!(err instanceof ApiError) || !endsSession(path, err.status)) throw err;
    await sessionPrompt.ask(err);
    return send<T>(method, path, body, headers);
  }
}

async function send<T>(method: Method, path: string, body: unknown, headers: Record<string, string>): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json', ...headers } };
  if (method !== 'GET') {
    init.headers = { ...init.headers, 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) };
    init.body = JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(offline);
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiError(data?.code ? (data as Problem) : { ...offline, status: res.status, code: 'internal' });
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) => api<T>('POST', path, body, headers);
export const patch = <T>(path: string, body?: unknown) => api<T>('PATCH', path, body);

/** Builds a query string from defined, non-empty values. */
export function qs(params: Record<string, string | number | boolean | undefined | null | string[]>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    sp.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}
