/**
 * Categories and the routing table: each row's department Select re-routes the category after a
 * confirmation that says how many open requests stay where they are (new requests go to the new
 * department); the modal creates or changes the rest.
 */
import { Alert, Button, NumberInput, Select, SimpleGrid, Stack, Switch, Table, TagsInput, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category, Department } from '../../../shared/schemas/admin';
import { patch, post } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { pick } from '../../i18n';
import { useCategories, useDepartments } from '../reference/reference';
import { byGreek, EmptyRow, filterBy, FormModal, SectionHeader, useFlash, useSave, YesNo } from './admin-ui';
import { useRoutingConfirm } from './RoutingConfirm';

type CategoryDraft = Omit<Category, 'id' | 'departmentId'> & { departmentId: string | null };
const blank: CategoryDraft = { code: '', name: { el: '', en: '' }, keywords: [], slaWorkingDays: 5, citizenSelectable: true, active: true, sortOrder: 100, departmentId: null };

/** Department options: the active ones, plus the current one even if it was deactivated. */
function departmentOptions(departments: Department[], lang: string, current: string | null) {
  return departments
    .filter((d) => d.active || d.id === current)
    .sort(byGreek((d) => pick(d.name, lang)))
    .map((d) => ({ value: d.id, label: pick(d.name, lang) }));
}

export function CategoriesAdmin() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const categories = useCategories();
  const departments = useDepartments();
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const [filter, setFilter] = useState('');
  const [flash, setFlash] = useFlash();
  const confirmRouting = useRoutingConfirm();
  const deptName = (id: string | null) => {
    const d = departments.data?.find((x) => x.id === id);
    return d ? pick(d.name, lang) : '';
  };

  const route = useSave(
    ({ category, departmentId }: { category: Category; departmentId: string }) => patch<Category>(`/api/admin/categories/${category.id}`, { departmentId }),
    [['categories']],
    (saved) => setFlash(t('admin.categories.rerouted', { name: pick(saved.name, lang), department: deptName(saved.departmentId) })),
  );

  const rows = useMemo(
    () =>
      filterBy([...(categories.data ?? [])].sort(byGreek((c) => pick(c.name, lang))), filter, (c) => [
        c.code,
        c.name.el,
        c.name.en,
        ...c.keywords,
        ...(departments.data?.filter((d) => d.id === c.departmentId).flatMap((d) => [d.name.el, d.name.en]) ?? []),
      ]),
    [categories.data, departments.data, filter, lang],
  );
  const unrouted = (categories.data ?? []).filter((c) => c.active && !c.departmentId).length;

  return (
    <Stack gap="md">
      <SectionHeader title={t('admin.categories.title')} createLabel={t('admin.categories.create')} onCreate={() => setEditing('new')} filter={filter} onFilter={setFilter} />
      <Text size="sm" c="dimmed">
        {t('admin.categories.intro')}
      </Text>
      {unrouted > 0 && (
        <Alert color="orange" variant="light">
          {t('admin.categories.unroutedWarning', { count: unrouted })}
        </Alert>
      )}
      {flash}
      <ErrorText error={categories.error ?? departments.error} />
      <ErrorText error={route.error ?? confirmRouting.error} />
      {confirmRouting.node}
      <Table.ScrollContainer minWidth={960}>
        <Table striped highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.common.name')}</Table.Th>
              <Table.Th>{t('admin.categories.keywords')}</Table.Th>
              <Table.Th>{t('admin.categories.slaCol')}</Table.Th>
              <Table.Th>{t('admin.categories.citizenCol')}</Table.Th>
              <Table.Th>{t('admin.common.activeCol')}</Table.Th>
              <Table.Th>{t('admin.categories.department')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('admin.common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td fw={500}>{pick(c.name, lang)}</Table.Td>
                <Table.Td maw={220}>
                  <Text size="sm" c={c.keywords.length ? undefined : 'dimmed'} lineClamp={2} title={c.keywords.join(', ')}>
                    {c.keywords.length ? c.keywords.join(', ') : '—'}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{t('admin.categories.slaDays', { count: c.slaWorkingDays })}</Table.Td>
                <Table.Td>
                  <YesNo value={c.citizenSelectable} />
                </Table.Td>
                <Table.Td>
                  <YesNo value={c.active} yes={t('admin.common.active')} no={t('admin.common.inactive')} />
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={t('admin.categories.routeFor', { name: pick(c.name, lang) })}
                    data={departmentOptions(departments.data ?? [], lang, c.departmentId)}
                    value={route.isPending && route.variables?.category.id === c.id ? route.variables.departmentId : c.departmentId}
                    placeholder={t('admin.categories.unrouted')}
                    error={!c.departmentId && c.active}
                    onChange={(v) => v && v !== c.departmentId && void confirmRouting.ask(c, v, deptName(v), () => route.mutate({ category: c, departmentId: v }))}
                    allowDeselect={false}
                    searchable
                    size="xs"
                    w={260}
                    comboboxProps={{ withinPortal: true }}
                  />
                </Table.Td>
                <Table.Td ta="right">
                  <Button variant="light" size="compact-sm" onClick={() => setEditing(c)} aria-label={t('admin.common.editOf', { name: pick(c.name, lang) })}>
                    {t('admin.common.edit')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
            {categories.isSuccess && !rows.length && <EmptyRow colSpan={7} filtered={!!filter} />}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing && (
        <CategoryModal
          key={editing === 'new' ? 'new' : editing.id}
          category={editing === 'new' ? null : editing}
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

interface CategoryModalProps {
  category: Category | null;
  departments: Department[];
  onClose: () => void;
  onSaved: () => void;
}

function CategoryModal({ category, departments, onClose, onSaved }: CategoryModalProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [draft, setDraft] = useState<CategoryDraft>(category ? { ...category } : blank);
  const set = <K extends keyof CategoryDraft>(k: K, v: CategoryDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const save = useSave(
    (input: CategoryDraft) => (category ? patch<Category>(`/api/admin/categories/${category.id}`, input) : post<Category>('/api/admin/categories', input)),
    [['categories']],
    onSaved,
  );
  const confirmRouting = useRoutingConfirm();
  const submit = () => {
    const { departmentId, ...rest } = draft;
    const rerouted = !!departmentId && departmentId !== category?.departmentId;
    // Sends the department only when it changed (creating always needs one), so the routing audit stays truthful.
    const input = { ...rest, code: rest.code.trim(), name: { el: rest.name.el.trim(), en: rest.name.en.trim() }, ...(rerouted ? { departmentId } : {}) } as CategoryDraft;
    if (category && rerouted) {
      const name = departments.find((d) => d.id === departmentId);
      void confirmRouting.ask(category, departmentId, name ? pick(name.name, lang) : '', () => save.mutate(input));
    } else save.mutate(input);
  };

  return (
    <FormModal
      opened
      onClose={onClose}
      title={category ? t('admin.common.editOf', { name: pick(category.name, lang) }) : t('admin.categories.create')}
      onSubmit={submit}
      pending={save.isPending}
      error={save.error ?? confirmRouting.error}
      submitDisabled={!category && !draft.departmentId}
    >
      {confirmRouting.node}
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
      <Select
        label={t('admin.categories.department')}
        data={departmentOptions(departments, lang, draft.departmentId)}
        value={draft.departmentId}
        onChange={(v) => set('departmentId', v)}
        placeholder={t('admin.categories.unrouted')}
        required
        searchable
        allowDeselect={false}
      />
      <TagsInput
        label={t('admin.categories.keywords')}
        description={t('admin.categories.keywordsHint')}
        value={draft.keywords}
        onChange={(v) => set('keywords', v.map((k) => k.trim()).filter(Boolean))}
        splitChars={[',', ';']}
        maxTags={50}
        clearable
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <NumberInput
          label={t('admin.categories.sla')}
          value={draft.slaWorkingDays}
          onChange={(v) => set('slaWorkingDays', typeof v === 'number' ? v : Number.parseInt(v, 10) || 1)}
          min={1}
          max={365}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="strict"
          required
        />
        <NumberInput
          label={t('admin.categories.sortOrder')}
          value={draft.sortOrder}
          onChange={(v) => set('sortOrder', typeof v === 'number' ? v : Number.parseInt(v, 10) || 0)}
          min={0}
          max={10_000}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="strict"
        />
      </SimpleGrid>
      <Switch label={t('admin.categories.citizenSelectable')} checked={draft.citizenSelectable} onChange={(e) => set('citizenSelectable', e.currentTarget.checked)} />
      <Switch label={t('admin.common.active')} checked={draft.active} onChange={(e) => set('active', e.currentTarget.checked)} />
    </FormModal>
  );
}
