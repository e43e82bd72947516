/**
 * Bulk assignment and bulk status change for the selected inbox rows. A status change is first
 * tried on the server (dry run): when citizens would be messaged, the user confirms with the
 * numbers in front of them. Requests that fail stay selected, each with its true reason.
 */
import { Button, Group, List, Modal, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ERROR_CODES, type ErrorCode } from '../../../shared/error-codes';
import type { Role } from '../../../shared/roles';
import type { BulkInput, BulkResult, RequestSummary } from '../../../shared/schemas/requests';
import { allowedTargets, NEEDS_PUBLIC_NOTE, STATUS_INFO, type Status } from '../../../shared/workflow';
import { ApiError, get, post, qs } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { pick } from '../../i18n';
import type { z } from 'zod';

interface Colleague { id: string; fullName: string }
type Action = z.input<typeof BulkInput>['action'];

/** Statuses the role may set on new or forwarded requests: what bulk change offers. */
const bulkTargets = (role: Role): Status[] => [...new Set([...allowedTargets(role, 'registered'), ...allowedTargets(role, 'forwarded')])].filter((s) => s !== 'duplicate');

interface Props {
  me: { id: string; role: Role };
  items: RequestSummary[];
  selected: Set<string>;
  setSelected: (s: Set<string>) => void;
}

export function InboxBulkBar({ me, items, selected, setSelected }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const qc = useQueryClient();
  const [assignee, setAssignee] = useState<string | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<BulkResult | null>(null);
  const [pending, setPending] = useState<{ action: Action; preview: BulkResult } | null>(null);
  const colleagues = useQuery({ queryKey: ['colleagues'], queryFn: () => get<Colleague[]>(`/api/colleagues${qs({})}`) });
  const ids = [...selected];
  const noteRequired = !!status && NEEDS_PUBLIC_NOTE.includes(status);
  const statusName = (s: Status) => pick(STATUS_INFO[s], lang);

  const bulk = useMutation({
    mutationFn: (input: z.input<typeof BulkInput>) => post<BulkResult>('/api/requests/bulk', input),
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'public_note_required') setNoteError(t('req.inbox.noteMissing'));
    },
  });

  const finish = (r: BulkResult) => {
    setOutcome(r);
    // What failed stays selected, so it can be looked at or tried again.
    setSelected(new Set(r.results.filter((x) => !x.ok).map((x) => x.id)));
    void qc.invalidateQueries({ queryKey: ['requests'] });
  };
  const run = async (action: Action) => {
    setOutcome(null);
    const preview = await bulk.mutateAsync({ ids, dryRun: true, action });
    if (preview.recipients.sms + preview.recipients.email > 0) return setPending({ action, preview });
    finish(await bulk.mutateAsync({ ids, action }));
  };
  const changeStatus = () => {
    if (!status) return;
    if (noteRequired && !note.trim()) return setNoteError(t('req.inbox.noteMissing'));
    void run({ type: 'transition', to: status, publicNote: note.trim() || undefined }).catch(() => undefined);
  };

  const canAssignOthers = me.role !== 'department_staff';
  const assigneeOptions = [
    { value: 'none', label: t('req.inbox.unassign') },
    ...(colleagues.data ?? []).filter((c) => canAssignOthers || c.id === me.id).map((c) => ({ value: c.id, label: c.fullName })).sort((a, b) => a.label.localeCompare(b.label, 'el')),
  ];
  const protocolOf = (id: string) => items.find((r) => r.id === id)?.protocolNumber ?? id.slice(0, 8);
  const reason = (x: BulkResult['results'][number]) => {
    const e = ERROR_CODES[x.code as ErrorCode];
    const text = e ? (lang === 'en' ? e.en : e.el) : x.code;
    return x.from ? `${text} (${t('req.inbox.fromStatus', { status: statusName(x.from) })})` : text;
  };
  const failures = (r: BulkResult) => r.results.filter((x) => !x.ok);
  const FailureList = ({ r }: { r: BulkResult }) => failures(r).length ? (
    <div>
      <Text size="sm" fw={600}>{t('req.inbox.failedList')}</Text>
      <List size="sm">{failures(r).map((x) => <List.Item key={x.id}><b>{protocolOf(x.id)}</b>: {reason(x)}</List.Item>)}</List>
    </div>
  ) : null;

  return (
    <Paper withBorder p="sm" bg={ids.length ? 'blue.0' : undefined}>
      <Group gap="sm" align="flex-start" wrap="wrap">
        <Text fw={600} mt={28} aria-live="polite">{t('req.inbox.selected', { count: ids.length })}</Text>
        <Group gap="xs" align="flex-end" mt={0}>
          <Select label={t('req.inbox.assignTo')} data={assigneeOptions} value={assignee} onChange={setAssignee} w={200} searchable />
          <Button disabled={!ids.length || !assignee} loading={bulk.isPending} onClick={() => void run({ type: 'assign', userId: assignee === 'none' ? null : assignee }).catch(() => undefined)}>
            {t('req.inbox.apply')}
          </Button>
        </Group>
        <Group gap="xs" align="flex-start">
          <Select
            label={t('req.inbox.setStatus')}
            data={bulkTargets(me.role).map((s) => ({ value: s, label: statusName(s) }))}
            value={status}
            onChange={(v) => {
              setStatus(v as Status | null);
              setNoteError(null);
            }}
            w={190}
            comboboxProps={{ width: 'max-content' }}
          />
          <TextInput
            label={t('req.inbox.noteRequired')}
            description={noteRequired && status ? t('req.inbox.noteRequiredHint', { status: statusName(status) }) : t('req.inbox.noteOptionalHint')}
            withAsterisk={noteRequired}
            aria-required={noteRequired}
            error={noteError}
            value={note}
            onChange={(e) => {
              setNote(e.currentTarget.value);
              setNoteError(null);
            }}
            w={280}
            maxLength={2000}
          />
          <Button mt={noteRequired || note ? 44 : 44} disabled={!ids.length || !status} loading={bulk.isPending} onClick={changeStatus}>
            {t('req.inbox.apply')}
          </Button>
        </Group>
      </Group>
      {outcome && (
        <Stack gap={4} mt="xs" role="status">
          <Text size="sm">
            {t('req.inbox.done', { ok: outcome.results.filter((x) => x.ok).length, total: outcome.results.length })}{' '}
            {failures(outcome).length ? t('req.inbox.failed', { count: failures(outcome).length }) : ''}
          </Text>
          <FailureList r={outcome} />
        </Stack>
      )}
      {!noteError && <ErrorText error={bulk.error} />}
      <Modal opened={!!pending} onClose={() => setPending(null)} title={t('req.inbox.confirmTitle')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
        {pending && (
          <Stack gap="sm">
            {pending.action.type === 'transition' && (
              <Text>{t('req.inbox.confirmIntro', { count: pending.preview.results.filter((x) => x.ok).length, status: statusName(pending.action.to) })}</Text>
            )}
            {pending.preview.recipients.sms > 0 && <Text fw={700}>{t('req.inbox.confirmSms', { count: pending.preview.recipients.sms })}</Text>}
            {pending.preview.recipients.email > 0 && <Text fw={700}>{t('req.inbox.confirmEmail', { count: pending.preview.recipients.email })}</Text>}
            {failures(pending.preview).length > 0 && <Text>{t('req.inbox.confirmWillFail', { count: failures(pending.preview).length })}</Text>}
            <FailureList r={pending.preview} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPending(null)}>{t('common.cancel')}</Button>
              <Button
                loading={bulk.isPending}
                data-autofocus
                onClick={() => {
                  const action = pending.action;
                  setPending(null);
                  void bulk.mutateAsync({ ids, action }).then(finish, () => undefined);
                }}
              >
                {t('req.inbox.confirm')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Paper>
  );
}
