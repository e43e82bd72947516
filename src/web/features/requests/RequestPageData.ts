/** The request page's data: the request, its actions (one mutation shape for all), colleagues and file uploads. */
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Colleague } from '../../../shared/schemas/admin';
import type { Attachment, RequestDetail } from '../../../shared/schemas/requests';
import { ApiError, get, post, qs, type Problem } from '../../api/client';
import type { z } from 'zod';

type ColleagueView = z.infer<typeof Colleague>;

export const requestKey = (id: string) => ['request', id] as const;
export const attachmentUrl = (requestId: string, attachmentId: string) => `/api/requests/${requestId}/attachments/${attachmentId}`;

export function useRequest(id: string) {
  return useQuery({
    queryKey: requestKey(id),
    queryFn: () => get<RequestDetail>(`/api/requests/${id}`),
    // "Not found" is an answer, not a hiccup: do not ask again.
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 1,
  });
}

export function useColleagues(departmentId: string) {
  return useQuery({
    queryKey: ['colleagues', departmentId],
    queryFn: () => get<ColleagueView[]>(`/api/colleagues${qs({ departmentId })}`),
    enabled: !!departmentId,
    staleTime: 5 * 60_000,
  });
}

export type ActionPath = 'transition' | 'forward' | 'assign' | 'notes' | 'contacts';

/**
 * One action on the request. The API answers the request as it now is, or 204 when the action
 * took it out of the user's departments (forwarded elsewhere): then back to the inbox, with a word.
 */
export function useRequestAction<T>(id: string, path: ActionPath, onDone?: () => void) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (body: T) => post<RequestDetail | undefined>(`/api/requests/${id}/${path}`, body),
    onSuccess: (detail) => {
      void qc.invalidateQueries({ queryKey: ['requests'] });
      if (detail) {
        qc.setQueryData(requestKey(id), detail);
        onDone?.();
        return;
      }
      qc.removeQueries({ queryKey: requestKey(id) });
      notifications.show({ color: 'teal', title: t('req.page.forwardedAwayTitle'), message: t('req.page.forwardedAway'), autoClose: 8000 });
      navigate('/inbox');
    },
  });
}

/**
 * Uploads one file as multipart, with progress. XMLHttpRequest, because fetch cannot report
 * upload progress, and a 10 MB photo on a slow line takes a while.
 */
export function uploadAttachment(requestId: string, file: File, csrfToken: string, onProgress: (fraction: number) => void): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/requests/${requestId}/attachments`);
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    const fail = (status: number, problem?: Problem) =>
      reject(new ApiError(problem?.code ? problem : { code: 'internal', status, message: { el: 'Η αποστολή απέτυχε. Δοκιμάστε ξανά.', en: 'The upload failed. Try again.' } }));
    xhr.onerror = () => fail(0);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201) resolve(body as Attachment);
      else fail(xhr.status, body as Problem | undefined);
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
