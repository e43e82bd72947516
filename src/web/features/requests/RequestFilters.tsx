/** Filters of the request list: text, department, category, channel, dates, overdue, sort. */
import { Button, Checkbox, Group, Select, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import 'dayjs/locale/el';
import { useDebouncedCallback } from '@mantine/hooks';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS } from '../../../shared/workflow';
import { useShortcuts } from '../../components/shortcuts';
import { pick } from '../../i18n';
import { useCategories, useDepartments } from '../reference/reference';
import type { ListFilters } from './useRequestList';

export function RequestFilters({ filters, update, onClear, showDepartment = true }: { filters: ListFilters; update: (p: Partial<ListFilters>) => void; onClear: () => void; showDepartment?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const departments = useDepartments();
  const categories = useCategories();
  const [q, setQ] = useState(filters.q ?? '');
  const search = useRef<HTMLInputElement>(null);
  const pushQ = useDebouncedCallback((v: string) => update({ q: v.trim() || undefined }), 300);
  useShortcuts([['/', () => search.current?.focus()]]);
  const byName = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, 'el');

  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        ref={search}
        label={t('common.search')}
        placeholder={t('req.list.search')}
        aria-description={t('req.list.search')}
        value={q}
        onChange={(e) => {
          setQ(e.currentTarget.value);
          pushQ(e.currentTarget.value);
        }}
        type="search"
        w={{ base: '100%', sm: 340 }}
      />
      {showDepartment && (
        <Select
          label={t('req.list.department')}
          data={(departments.data ?? []).map((d) => ({ value: d.id, label: pick(d.name, lang) })).sort(byName)}
          value={filters.departmentId ?? null}
          onChange={(v) => update({ departmentId: v ?? undefined })}
          clearable
          searchable
          w={{ base: '100%', sm: 220 }}
        />
      )}
      <Select
        label={t('req.list.category')}
        data={(categories.data ?? []).map((c) => ({ value: c.id, label: pick(c.name, lang) }))}
        value={filters.categoryId ?? null}
        onChange={(v) => update({ categoryId: v ?? undefined })}
        clearable
        searchable
        w={{ base: '100%', sm: 220 }}
      />
      <Select
        label={t('req.list.channel')}
        data={CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
        value={filters.channel ?? null}
        onChange={(v) => update({ channel: v ?? undefined })}
        clearable
        w={{ base: '48%', sm: 150 }}
      />
      <DateInput label={t('req.list.from')} valueFormat="DD/MM/YYYY" placeholder="ηη/μμ/εεεε" value={filters.from ?? null} onChange={(v) => update({ from: v ?? undefined })} clearable locale={lang} w={{ base: '48%', sm: 150 }} />
      <DateInput label={t('req.list.to')} valueFormat="DD/MM/YYYY" placeholder="ηη/μμ/εεεε" value={filters.to ?? null} onChange={(v) => update({ to: v ?? undefined })} clearable locale={lang} w={{ base: '48%', sm: 150 }} />
      <Select
        label={t('req.list.sort')}
        data={[
          { value: 'triage', label: t('req.list.sortTriage') },
          { value: 'newest', label: t('req.list.sortNewest') },
          { value: 'oldest', label: t('req.list.sortOldest') },
          { value: 'due', label: t('req.list.sortDue') },
          { value: 'updated', label: t('req.list.sortUpdated') },
        ]}
        value={filters.sort ?? 'newest'}
        onChange={(v) => update({ sort: v ?? undefined })}
        allowDeselect={false}
        w={{ base: '48%', sm: 170 }}
        comboboxProps={{ width: 'max-content' }}
      />
      <Checkbox label={t('req.list.overdueOnly')} checked={filters.overdue === 'true'} onChange={(e) => update({ overdue: e.currentTarget.checked ? 'true' : undefined })} mb={8} />
      <Button
        variant="subtle"
        onClick={() => {
          setQ('');
          onClear();
        }}
        mb={2}
      >
        {t('req.list.clearFilters')}
      </Button>
    </Group>
  );
}
