/**
 * What the signed-in user may do with the request, each in its own fold: status, note, forward,
 * assign, contact with the citizen. Only the actions their role allows are shown; the server
 * checks them all again.
 */
import { Accordion, Button, Group, Paper, SegmentedControl, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../shared/roles';
import type { AssignInput, ContactInput, ForwardInput, NoteInput, RequestDetail } from '../../../shared/schemas/requests';
import { isOpenStatus } from '../../../shared/workflow';
import { ErrorText } from '../../components/ErrorText';
import { pick } from '../../i18n';
import { useMe } from '../auth/session';
import { useDepartments } from '../reference/reference';
import { useColleagues, useRequestAction } from './RequestPageData';
import { ReplyPicker } from './ReplyPicker';
import { RequestStatusForm } from './RequestStatusForm';

interface Section {
  value: string;
  label: string;
  body: ReactNode;
}

const WORKERS: Role[] = ['department_staff', 'department_head', 'supervisor', 'admin'];
const ASSIGNERS: Role[] = ['department_head', 'supervisor', 'admin'];

function NoteForm({ request, canPublish }: { request: RequestDetail; canPublish: boolean }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<NoteInput['visibility']>('internal');
  const action = useRequestAction<NoteInput>(request.id, 'notes', () => setBody(''));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body.trim()) action.mutate({ body: body.trim(), visibility });
  };
  const insert = (text: string) => setBody((b) => (b.trim() ? `${b.trimEnd()}\n${text}` : text));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {canPublish && (
          <SegmentedControl
            fullWidth
            value={visibility}
            onChange={(v) => setVisibility(v as NoteInput['visibility'])}
            data={[{ value: 'internal', label: t('req.page.note.internal') }, { value: 'public', label: t('req.page.note.public') }]}
            aria-label={t('req.page.note.visibility')}
          />
        )}
        {visibility === 'public' && <ReplyPicker request={request} kind="public_update" onPick={insert} />}
        <Textarea
          label={visibility === 'public' ? t('req.page.note.publicLabel') : t('req.page.note.internalLabel')}
          description={visibility === 'public' ? t('req.page.note.publicHint') : t('req.page.note.internalHint')}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          required
          autosize
          minRows={3}
          maxRows={8}
          maxLength={4000}
        />
        <ErrorText error={action.error} />
        <Button type="submit" loading={action.isPending} disabled={!body.trim()}>
          {visibility === 'public' ? t('req.page.note.submitPublic') : t('req.page.note.submit')}
        </Button>
      </Stack>
    </form>
  );
}

function ForwardForm({ request }: { request: RequestDetail }) {
  const { t, i18n } = useTranslation();
  const departments = useDepartments();
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const action = useRequestAction<ForwardInput>(request.id, 'forward', () => {
    setDepartmentId(null);
    setReason('');
  });
  const options = (departments.data ?? [])
    .filter((d) => d.active && d.id !== request.department.id)
    .map((d) => ({ value: d.id, label: pick(d.name, i18n.language) }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (departmentId && reason.trim()) action.mutate({ departmentId, reason: reason.trim() });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Select label={t('req.page.forward.to')} placeholder={t('req.page.forward.choose')} data={options} value={departmentId} onChange={setDepartmentId} searchable required nothingFoundMessage="—" />
        <Textarea label={t('req.page.forward.reason')} description={t('req.page.forward.reasonHint')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required autosize minRows={2} maxRows={6} maxLength={1000} />
        <ErrorText error={action.error} />
        <Button type="submit" loading={action.isPending} disabled={!departmentId || !reason.trim()}>{t('req.page.forward.submit')}</Button>
      </Stack>
    </form>
  );
}

function AssignForm({ request, role, userId }: { request: RequestDetail; role: Role; userId: string }) {
  const { t } = useTranslation();
  const colleagues = useColleagues(request.department.id);
  const [chosen, setChosen] = useState<string | null>(null);
  const action = useRequestAction<AssignInput>(request.id, 'assign', () => setChosen(null));
  const current = request.assignee;
  const status = <Text size="sm">{current ? t('req.page.assign.current', { name: current.fullName }) : t('req.page.assign.nobody')}</Text>;

  if (role === 'department_staff') {
    return (
      <Stack gap="sm">
        {status}
        {current?.id === userId ? (
          <Button variant="default" loading={action.isPending} onClick={() => action.mutate({ userId: null })}>{t('req.page.assign.letGo')}</Button>
        ) : (
          <Button loading={action.isPending} onClick={() => action.mutate({ userId })}>{current ? t('req.page.assign.takeOver') : t('req.page.assign.take')}</Button>
        )}
        <ErrorText error={action.error} />
      </Stack>
    );
  }
  const options = (colleagues.data ?? []).filter((c) => c.departmentIds.includes(request.department.id)).map((c) => ({ value: c.id, label: `${c.fullName} · ${t(`roles.${c.role}`)}` }));
  return (
    <form noValidate onSubmit={(e) => {
      e.preventDefault();
      if (chosen) action.mutate({ userId: chosen });
    }}>
      <Stack gap="sm">
        {status}
        <Select label={t('req.page.assign.to')} placeholder={t('req.page.assign.choose')} data={options} value={chosen} onChange={setChosen} searchable nothingFoundMessage={t('req.page.assign.noColleagues')} disabled={colleagues.isPending} />
        <ErrorText error={action.error ?? colleagues.error} />
        <Group gap="sm" grow>
          <Button type="submit" loading={action.isPending} disabled={!chosen || chosen === current?.id}>{t('req.page.assign.submit')}</Button>
          {current && <Button variant="default" onClick={() => action.mutate({ userId: null })} disabled={action.isPending}>{t('req.page.assign.clear')}</Button>}
        </Group>
      </Stack>
    </form>
  );
}

const METHODS: ContactInput['method'][] = ['phone', 'sms', 'email', 'in_person'];
const OUTCOMES: ContactInput['outcome'][] = ['reached', 'no_answer', 'left_message', 'wrong_number', 'other'];

function ContactForm({ request }: { request: RequestDetail }) {
  const { t } = useTranslation();
  const empty = { method: 'phone', direction: 'outgoing', outcome: 'reached', note: '' } as const;
  const [form, setForm] = useState<{ method: ContactInput['method']; direction: ContactInput['direction']; outcome: ContactInput['outcome']; note: string }>(empty);
  const action = useRequestAction<ContactInput>(request.id, 'contacts', () => setForm(empty));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    action.mutate({ method: form.method, direction: form.direction, outcome: form.outcome, note: form.note.trim() || undefined });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Group grow gap="sm">
          <Select label={t('req.page.contact.method')} data={METHODS.map((m) => ({ value: m, label: t(`req.page.contactMethods.${m}`) }))} value={form.method} onChange={(v) => v && setForm({ ...form, method: v as ContactInput['method'] })} allowDeselect={false} />
          <Select label={t('req.page.contact.direction')} data={(['outgoing', 'incoming'] as const).map((d) => ({ value: d, label: t(`req.page.directions.${d}`) }))} value={form.direction} onChange={(v) => v && setForm({ ...form, direction: v as ContactInput['direction'] })} allowDeselect={false} />
        </Group>
        <Select label={t('req.page.contact.outcome')} data={OUTCOMES.map((o) => ({ value: o, label: t(`req.page.outcomes.${o}`) }))} value={form.outcome} onChange={(v) => v && setForm({ ...form, outcome: v as ContactInput['outcome'] })} allowDeselect={false} />
        <Textarea label={t('req.page.contact.note')} value={form.note} onChange={(e) => setForm({ ...form, note: e.currentTarget.value })} autosize minRows={2} maxRows={6} maxLength={2000} />
        <ErrorText error={action.error} />
        <Button type="submit" loading={action.isPending}>{t('req.page.contact.submit')}</Button>
      </Stack>
    </form>
  );
}

export function RequestActions({ request }: { request: RequestDetail }) {
  const { t } = useTranslation();
  const me = useMe().data!;
  const open = isOpenStatus(request.status);
  const sections = ([
    request.allowedStatuses.length > 0 && { value: 'status', label: t('req.page.status.title'), body: <RequestStatusForm request={request} /> },
    { value: 'note', label: me.role === 'operator' ? t('req.page.note.title') : t('req.page.note.titleAny'), body: <NoteForm request={request} canPublish={me.role !== 'operator'} /> },
    open && WORKERS.includes(me.role) && { value: 'forward', label: t('req.page.forward.title'), body: <ForwardForm request={request} /> },
    open && (ASSIGNERS.includes(me.role) || me.role === 'department_staff') && {
      value: 'assign', label: me.role === 'department_staff' ? t('req.page.assign.titleStaff') : t('req.page.assign.title'), body: <AssignForm request={request} role={me.role} userId={me.id} />,
    },
    { value: 'contact', label: t('req.page.contact.title'), body: <ContactForm request={request} /> },
  ] as (Section | false)[]).filter((s): s is Section => !!s);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="actions-title">
      <Title order={2} size="h4" id="actions-title" mb="xs">{t('req.page.actions')}</Title>
      <Accordion multiple defaultValue={[sections[0]!.value]} variant="separated" chevronPosition="right">
        {sections.map((s) => (
          <Accordion.Item key={s.value} value={s.value}>
            <Accordion.Control>{s.label}</Accordion.Control>
            <Accordion.Panel>{s.body}</Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Paper>
  );
}
