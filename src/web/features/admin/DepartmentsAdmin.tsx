/** Departments: the list in Greek order, and a modal to create or change one. */
import { Button, Stack, Switch, Table, TagsInput, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department } from '../../../shared/schemas/admin';
import { patch, post } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { pick } from '../../i18n';
import { useDepartments } from '../reference/reference';
import { byGreek, EmptyRow, filterBy, FormModal, SectionHeader, useFlash, useSave, YesNo } from './admin-ui';

interface DepartmentDraft {
  code: string;
  name: { el: string; en: string };
  emails: string[];
  active: boolean;
}

const blank: DepartmentDraft = { code: '', name: { el: '', en: '' }, emails: [], active: true };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function DepartmentsAdmin() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const departments = useDepartments();
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const [filter, setFilter] = useState('');
  const [flash, setFlash] = useFlash();

  const rows = useMemo(
    () => filterBy([...(departments.data ?? [])].sort(byGreek((d) => pick(d.name, lang))), filter, (d) => [d.code, d.name.el, d.name.en, ...d.emails]),
    [departments.data, filter, lang],
  );

  return (
    <Stack gap="md">
      <SectionHeader title={t('admin.departments.title')} createLabel={t('admin.departments.create')} onCreate={() => setEditing('new')} filter={filter} onFilter={setFilter} />
      {flash}
      <ErrorText error={departments.error} />
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.common.name')}</Table.Th>
              <Table.Th>{t('admin.common.code')}</Table.Th>
              <Table.Th>{t('admin.departments.emailsCol')}</Table.Th>
              <Table.Th>{t('admin.common.activeCol')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('admin.common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td fw={500}>{pick(d.name, lang)}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {d.code}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ wordBreak: 'break-word' }}>
                    {d.emails.length ? d.emails.join(', ') : '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <YesNo value={d.active} yes={t('admin.common.active')} no={t('admin.common.inactive')} />
                </Table.Td>
                <Table.Td ta="right">
                  <Button variant="light" size="compact-sm" onClick={() => setEditing(d)} aria-label={t('admin.common.editOf', { name: pick(d.name, lang) })}>
                    {t('admin.common.edit')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
            {departments.isSuccess && !rows.length && <EmptyRow colSpan={5} filtered={!!filter} />}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing && (
        <DepartmentModal
          key={editing === 'new' ? 'new' : editing.id}
          department={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setFlash(t('admin.common.saved'));
          }}
        />
      )}
    </Stack>
  );
}

function DepartmentModal({ department, onClose, onSaved }: { department: Department | null; onClose: () => void; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<DepartmentDraft>(department ? { code: department.code, name: department.name, emails: department.emails, active: department.active } : blank);
  const set = <K extends keyof DepartmentDraft>(k: K, v: DepartmentDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const save = useSave(
    (input: DepartmentDraft) => (department ? patch<Department>(`/api/admin/departments/${department.id}`, input) : post<Department>('/api/admin/departments', input)),
    [['departments'], ['categories']],
    onSaved,
  );
  const badEmails = draft.emails.filter((e) => !EMAIL.test(e));

  return (
    <FormModal
      opened
      onClose={onClose}
      title={department ? t('admin.common.editOf', { name: pick(department.name, i18n.language) }) : t('admin.departments.create')}
      onSubmit={() => save.mutate({ ...draft, code: draft.code.trim(), name: { el: draft.name.el.trim(), en: draft.name.en.trim() } })}
      pending={save.isPending}
      error={save.error}
      submitDisabled={badEmails.length > 0}
    >
      <TextInput
        label={t('admin.common.code')}
        description={t('admin.common.codeHint')}
        value={draft.code}
        onChange={(e) => set('code', e.currentTarget.value)}
        required
        minLength={2}
        maxLength={40}
        pattern="[a-z0-9_\-]+"
        autoComplete="off"
        data-autofocus
      />
      <TextInput label={t('admin.common.nameEl')} value={draft.name.el} onChange={(e) => set('name', { ...draft.name, el: e.currentTarget.value })} required maxLength={200} lang="el" />
      <TextInput label={t('admin.common.nameEn')} value={draft.name.en} onChange={(e) => set('name', { ...draft.name, en: e.currentTarget.value })} required maxLength={200} lang="en" />
      <TagsInput
        label={t('admin.departments.emails')}
        description={t('admin.departments.emailsHint')}
        value={draft.emails}
        onChange={(v) => set('emails', v.map((e) => e.trim()).filter(Boolean))}
        splitChars={[',', ' ', ';']}
        maxTags={20}
        clearable
        error={badEmails.length ? t('admin.departments.invalidEmails', { list: badEmails.join(', ') }) : undefined}
      />
      <Switch label={t('admin.common.active')} checked={draft.active} onChange={(e) => set('active', e.currentTarget.checked)} />
    </FormModal>
  );
}
