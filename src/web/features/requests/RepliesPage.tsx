/** Ready replies of my departments: department heads (and admins) add, edit and delete them. */
import { Button, Group, Paper, VisuallyHidden, SegmentedControl, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { REPLY_PLACEHOLDERS, unknownPlaceholders, type ReplyKind } from '../../../shared/replies';
import type { ReplyTemplate } from '../../../shared/schemas/replies';
import { api, ApiError, patch, post } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { pick } from '../../i18n';
import { useMe } from '../auth/session';
import { useDepartments } from '../reference/reference';
import { useReplies } from './ReplyPicker';

const empty = { id: null as string | null, departmentId: null as string | null, kind: 'public_update' as ReplyKind, title: '', body: '' };

export function RepliesPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe().data!;
  const qc = useQueryClient();
  const departments = useDepartments();
  const replies = useReplies(undefined);
  const mine = (departments.data ?? []).filter((d) => me.role === 'admin' || me.departmentIds.includes(d.id));
  const [chosen, setForm] = useState(empty);
  // With one department there is nothing to choose: it is that one (known once departments load).
  const form = { ...chosen, departmentId: chosen.departmentId ?? (mine.length === 1 ? mine[0]!.id : null) };
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const unknown = unknownPlaceholders(form.body);
  const done = () => {
    setForm({ ...empty, departmentId: form.departmentId });
    void qc.invalidateQueries({ queryKey: ['replies'] });
  };
  const save = useMutation({
    mutationFn: () => (form.id
      ? patch<ReplyTemplate>(`/api/replies/${form.id}`, { kind: form.kind, title: form.title.trim(), body: form.body.trim() })
      : post<ReplyTemplate>('/api/replies', { departmentId: form.departmentId, kind: form.kind, title: form.title.trim(), body: form.body.trim() })),
    onSuccess: done,
  });
  const remove = useMutation({ mutationFn: (id: string) => api<null>('DELETE', `/api/replies/${id}`), onSuccess: done });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.departmentId && form.title.trim() && form.body.trim() && !unknown.length) save.mutate();
  };
  const insertField = (name: string) => {
    const el = bodyRef.current;
    const at = el?.selectionStart ?? form.body.length;
    setForm({ ...form, body: `${form.body.slice(0, at)}{${name}}${form.body.slice(el?.selectionEnd ?? at)}` });
    el?.focus();
  };
  const serverUnknown = save.error instanceof ApiError && save.error.code === 'unknown_placeholder';

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h3">{t('req.replies.title')}</Title>
        <Text c="dimmed" size="sm">{t('req.replies.intro')}</Text>
      </div>
      <Paper withBorder p="md" component="form" onSubmit={submit} aria-label={form.id ? t('req.replies.edit') : t('req.replies.add')}>
        <Stack gap="sm">
          <Group grow align="flex-start">
            <Select
              label={t('req.replies.department')}
              data={mine.map((d) => ({ value: d.id, label: pick(d.name, lang) }))}
              value={form.departmentId}
              onChange={(v) => setForm({ ...form, departmentId: v })}
              disabled={!!form.id}
              required
              withAsterisk
              searchable
            />
            <TextInput label={t('req.replies.name')} value={form.title} onChange={(e) => setForm({ ...form, title: e.currentTarget.value })} required withAsterisk maxLength={120} />
          </Group>
          <SegmentedControl
            aria-label={t('req.replies.kind')}
            value={form.kind}
            onChange={(v) => setForm({ ...form, kind: v as ReplyKind })}
            data={(['public_update', 'status_note'] as const).map((k) => ({ value: k, label: t(`req.replies.kinds.${k}`) }))}
          />
          <Textarea
            ref={bodyRef}
            label={t('req.replies.body')}
            description={t('req.replies.bodyHint')}
            value={form.body}
            onChange={(e) => setForm({ ...form, body: e.currentTarget.value })}
            error={unknown.length ? t('req.replies.unknown', { names: unknown.join(', ') }) : serverUnknown ? t('req.replies.unknown', { names: '' }) : null}
            required
            withAsterisk
            autosize
            minRows={3}
            maxLength={2000}
          />
          <Group gap={6} role="group" aria-label={t('req.replies.insertField')}>
            <Text size="sm">{t('req.replies.insertField')}:</Text>
            {REPLY_PLACEHOLDERS.map((p) => (
              <Button key={p} size="compact-sm" variant="default" ff="monospace" onClick={() => insertField(p)}>{`{${p}}`}</Button>
            ))}
          </Group>
          {!serverUnknown && <ErrorText error={save.error} />}
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!form.departmentId || !form.title.trim() || !form.body.trim() || unknown.length > 0}>
              {form.id ? t('req.replies.save') : t('req.replies.add')}
            </Button>
            {form.id && <Button variant="default" onClick={() => setForm({ ...empty, departmentId: form.departmentId })}>{t('req.replies.cancelEdit')}</Button>}
          </Group>
        </Stack>
      </Paper>
      <ErrorText error={replies.error ?? remove.error} />
      {(replies.data ?? []).length === 0 ? <Text c="dimmed">{t('req.replies.empty')}</Text> : (
        <Table.ScrollContainer minWidth={700}>
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('req.replies.name')}</Table.Th>
                <Table.Th>{t('req.replies.kind')}</Table.Th>
                <Table.Th>{t('req.replies.department')}</Table.Th>
                <Table.Th>{t('req.replies.body')}</Table.Th>
                <Table.Th><VisuallyHidden>{t('req.replies.edit')}</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {replies.data!.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td fw={600}>{r.title}</Table.Td>
                  <Table.Td>{t(`req.replies.kinds.${r.kind}`)}</Table.Td>
                  <Table.Td>{pick(r.department.name, lang)}</Table.Td>
                  <Table.Td maw={420}><Text size="sm" lineClamp={2}>{r.body}</Text></Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {(me.role === 'admin' || (me.role === 'department_head' && me.departmentIds.includes(r.department.id))) && (
                      <Group gap={6} wrap="nowrap">
                        <Button size="compact-sm" variant="default" aria-label={`${t('req.replies.edit')}: ${r.title}`} onClick={() => setForm({ id: r.id, departmentId: r.department.id, kind: r.kind, title: r.title, body: r.body })}>{t('req.replies.edit')}</Button>
                        <Button size="compact-sm" variant="default" color="red" aria-label={`${t('req.replies.delete')}: ${r.title}`} loading={remove.isPending && remove.variables === r.id} onClick={() => remove.mutate(r.id)}>{t('req.replies.delete')}</Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
