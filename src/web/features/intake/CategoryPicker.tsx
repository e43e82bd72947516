/**
 * The kind of request, found by the caller's words: categories ranked by where the words match
 * (shared/category-search), Enter takes the first. Typing over a chosen category never clears it
 * (only choosing another does), and when nothing matches the general request is offered.
 */
import { Select, Text } from '@mantine/core';
import { forwardRef, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GENERAL_CATEGORY_CODE, rankCategories } from '../../../shared/category-search';
import { pick } from '../../i18n';
import { useCategories } from '../reference/reference';

interface Props {
  value: string | null;
  onChange: (id: string) => void;
  error?: string;
}

export const CategoryPicker = forwardRef<HTMLInputElement, Props>(function CategoryPicker({ value, onChange, error }, ref) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const categories = useCategories();
  const [search, setSearch] = useState('');
  const active = useMemo(
    () => (categories.data ?? []).filter((c) => c.active).map((c) => ({ id: c.id, code: c.code, names: [pick(c.name, lang), pick(c.name, lang === 'en' ? 'el' : 'en')], keywords: c.keywords })),
    [categories.data, lang],
  );
  const options = useMemo(() => active.map((c) => ({ value: c.id, label: c.names[0]! })), [active]);
  const selectedLabel = options.find((o) => o.value === value)?.label;
  const typing = search.trim() !== '' && search !== selectedLabel;
  const ranked = useMemo(() => (typing ? rankCategories(search, active) : []), [typing, search, active]);
  const fallback = typing && !ranked.length ? active.find((c) => c.code === GENERAL_CATEGORY_CODE) : undefined;

  return (
    <Select
      ref={ref}
      label={t('intake.category')}
      description={fallback ? <Text span size="xs" c="orange.9" role="status">{t('con.noCategoryMatch', { q: search.trim() })}</Text> : t('intake.categoryHint')}
      data={options}
      value={value}
      onChange={(v) => v && onChange(v)}
      searchValue={search}
      onSearchChange={setSearch}
      searchable
      allowDeselect={false}
      selectFirstOptionOnChange
      nothingFoundMessage="—"
      // The whole list, unscrolled: a scroll area inside the dropdown is a region the keyboard cannot reach.
      withScrollArea={false}
      error={error}
      // The error above the field: the list opens below it on focus, and would cover it there.
      inputWrapperOrder={['label', 'description', 'error', 'input']}
      aria-required
      withAsterisk
      filter={({ options: all }) => {
        if (!typing) return all;
        const byId = new Map(all.map((o) => [(o as { value: string }).value, o]));
        const ids = fallback ? [fallback.id] : ranked.map((c) => c.id);
        return ids.map((id) => byId.get(id)).filter((o) => o !== undefined);
      }}
      data-testid="category"
    />
  );
});
