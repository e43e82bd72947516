/** Staff accounts and their roles: list, create, change role/departments/active, reset password. */
import { Alert, Badge, Button, Group, MultiSelect, PasswordInput, Select, Stack, Switch, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isDepartmentRole, ROLES, type Role } from '../../../shared/roles';
import type { Department, User } from '../../../shared/schemas/admin';
import { ApiError, get, patch, post } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTime, pick } from '../../i18n';
import { useMe } from '../auth/session';
import { useDepartments } from '../reference/reference';
import { byGreek, EmptyRow, filterBy, FormModal, SectionHeader, useFlash, useSave, YesNo } from './admin-ui';

const USERS_KEY = ['admin', 'users'];
const MIN_PASSWORD = 10;

interface UserDraft {
  username: string;
  fullName: string;
  email: string;
  role: Role;
  departmentIds: string[];
  active: boolean;
  password: string;
}

const blank: UserDraft = { username: '', fullName: '', email: '', role: 'operator', departmentIds: [], active: true, password: '' };

export function UsersAdmin() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe().data;
  const users = useQuery({ queryKey: USERS_KEY, queryFn: () => get<User[]>('/api/admin/users') });
  const departments = useDepartments();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [filter, setFilter] = useState('');
  const [flash, setFlash] = useFlash();

  const deptNames = useMemo(() => new Map((departments.data ?? []).map((d) => [d.id, pick(d.name, lang)])), [departments.data, lang]);
  const rows = useMemo(
    () =>
      filterBy([...(users.data ?? [])].sort(byGreek((u) => u.fullName)), filter, (u) => [u.fullName, u.username, u.email ?? '', t(`roles.${u.role}`), ...u.departmentIds.map((d) => deptNames.get(d) ?? '')]),
    [users.data, filter, deptNames, t],
  );

  return (
    <Stack gap="md">
      <SectionHeader title={t('admin.users.title')} createLabel={t('admin.users.create')} onCreate={() => setEditing('new')} filter={filter} onFilter={setFilter} />
      {flash}
      <ErrorText error={users.error ?? departments.error} />
      <Table.ScrollContainer minWidth={900}>
        <Table striped highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.users.fullName')}</Table.Th>
              <Table.Th>{t('admin.users.username')}</Table.Th>
              <Table.Th>{t('admin.users.role')}</Table.Th>
              <Table.Th>{t('admin.users.departments')}</Table.Th>
              <Table.Th>{t('admin.common.activeCol')}</Table.Th>
              <Table.Th>{t('admin.users.lastLogin')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('admin.common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td fw={500}>
                  {u.fullName}
                  {u.id === me?.id && (
                    <Badge ml={6} size="xs" variant="outline">
                      {t('admin.users.you')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {u.username}
                  </Text>
                </Table.Td>
                <Table.Td>{t(`roles.${u.role}`)}</Table.Td>
                <Table.Td maw={260}>
                  <Text size="sm">{u.departmentIds.length ? u.departmentIds.map((d) => deptNames.get(d) ?? '?').sort((a, b) => a.localeCompare(b, 'el')).join(', ') : '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <YesNo value={u.active} yes={t('admin.common.active')} no={t('admin.common.inactive')} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{u.lastLoginAt ? formatDateTime(u.lastLoginAt, lang) : t('admin.users.never')}</Table.Td>
                <Table.Td ta="right">
                  <Button variant="light" size="compact-sm" onClick={() => setEditing(u)} aria-label={t('admin.common.editOf', { name: u.fullName })}>
                    {t('admin.common.edit')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
            {users.isSuccess && !rows.length && <EmptyRow colSpan={7} filtered={!!filter} />}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing && (
        <UserModal
          key={editing === 'new' ? 'new' : editing.id}
          user={editing === 'new' ? null : editing}
          isSelf={editing !== 'new' && editing.id === me?.id}
          departments={departments.data ?? []}
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

interface UserModalProps {
  user: User | null;
  isSelf: boolean;
  departments: Department[];
  onClose: () => void;
  onSaved: () => void;
}

function UserModal({ user, isSelf, departments, onClose, onSaved }: UserModalProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [draft, setDraft] = useState<UserDraft>(user ? { ...user, email: user.email ?? '', password: '' } : blank);
  const [touched, setTouched] = useState(false);
  const set = <K extends keyof UserDraft>(k: K, v: UserDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const save = useSave(
    (input: Record<string, unknown>) => (user ? patch<User>(`/api/admin/users/${user.id}`, input) : post<User>('/api/admin/users', input)),
    [USERS_KEY, ['colleagues']],
    onSaved,
  );

  const needsDepartments = isDepartmentRole(draft.role) && draft.departmentIds.length === 0;
  const passwordShort = user ? draft.password.length > 0 && draft.password.length < MIN_PASSWORD : draft.password.length < MIN_PASSWORD;
  const departmentOptions = departments
    .filter((d) => d.active || draft.departmentIds.includes(d.id))
    .sort(byGreek((d) => pick(d.name, lang)))
    .map((d) => ({ value: d.id, label: pick(d.name, lang) }));

  const submit = () => {
    setTouched(true);
    if (needsDepartments || passwordShort) return;
    const common = { fullName: draft.fullName.trim(), email: draft.email.trim() || null, role: draft.role, departmentIds: draft.departmentIds, active: draft.active };
    if (!user) save.mutate({ ...common, username: draft.username.trim(), password: draft.password });
    else save.mutate({ ...common, ...(draft.password ? { password: draft.password } : {}) });
  };

  // The server refuses (403) when admins demote or deactivate themselves; say exactly why.
  const selfRefused = isSelf && save.error instanceof ApiError && save.error.code === 'forbidden';

  return (
    <FormModal
      opened
      onClose={onClose}
      title={user ? t('admin.common.editOf', { name: user.fullName }) : t('admin.users.create')}
      onSubmit={submit}
      pending={save.isPending}
      error={save.error}
      errorNode={
        selfRefused ? (
          <Alert color="red" role="alert" variant="light">
            {t('admin.users.selfForbidden')}
          </Alert>
        ) : undefined
      }
    >
      {isSelf && (
        <Alert color="blue" variant="light">
          {t('admin.users.selfNote')}
        </Alert>
      )}
      <TextInput
        label={t('admin.users.username')}
        description={user ? undefined : t('admin.users.usernameHint')}
        value={draft.username}
        onChange={(e) => set('username', e.currentTarget.value)}
        required={!user}
        readOnly={!!user}
        variant={user ? 'filled' : 'default'}
        minLength={3}
        maxLength={60}
        pattern="[A-Za-z0-9._\-]+"
        autoComplete="off"
        data-autofocus={!user || undefined}
      />
      <TextInput label={t('admin.users.fullName')} value={draft.fullName} onChange={(e) => set('fullName', e.currentTarget.value)} required maxLength={200} autoComplete="off" data-autofocus={!!user || undefined} />
      <TextInput label={t('admin.users.email')} type="email" value={draft.email} onChange={(e) => set('email', e.currentTarget.value)} maxLength={254} autoComplete="off" />
      <Select
        label={t('admin.users.role')}
        data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        value={draft.role}
        onChange={(v) => v && set('role', v as Role)}
        allowDeselect={false}
        required
      />
      <MultiSelect
        label={t('admin.users.departments')}
        description={t('admin.users.departmentsHint')}
        data={departmentOptions}
        value={draft.departmentIds}
        onChange={(v) => set('departmentIds', v)}
        required={isDepartmentRole(draft.role)}
        error={touched && needsDepartments ? t('admin.users.departmentsRequired') : undefined}
        searchable
        clearable
        maxValues={20}
      />
      <PasswordInput
        label={user ? t('admin.users.newPassword') : t('admin.users.password')}
        description={user ? t('admin.users.newPasswordHint') : t('admin.users.passwordHint')}
        value={draft.password}
        onChange={(e) => set('password', e.currentTarget.value)}
        required={!user}
        maxLength={200}
        autoComplete="new-password"
        error={touched && passwordShort ? t('admin.users.passwordShort') : undefined}
      />
      <Group>
        <Switch label={t('admin.users.activeUser')} checked={draft.active} onChange={(e) => set('active', e.currentTarget.checked)} />
      </Group>
    </FormModal>
  );
}
