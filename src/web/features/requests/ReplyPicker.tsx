/**
 * Picks one of the department's ready replies by keyboard: type to filter, ↑/↓ to move, Enter to
 * insert the text with the request's details filled in (it can still be edited where it lands).
 */
import { Combobox, InputBase, Text, useCombobox } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { renderReply, type ReplyKind } from '../../../shared/replies';
import type { RequestDetail } from '../../../shared/schemas/requests';
import type { ReplyTemplate } from '../../../shared/schemas/replies';
import { get, qs } from '../../api/client';
import { formatDate, pick } from '../../i18n';

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ς/g, 'σ');

export function useReplies(departmentId: string | undefined, kind?: ReplyKind) {
  return useQuery({
    queryKey: ['replies', departmentId ?? null, kind ?? null],
    queryFn: () => get<ReplyTemplate[]>(`/api/replies${qs({ departmentId, kind })}`),
    staleTime: 60_000,
  });
}

/** The reply's text with the request's protocol number, address, category, department and due date. */
export function renderFor(body: string, request: RequestDetail, lang: string): string {
  return renderReply(body, {
    protocol: request.protocolNumber,
    address: request.addressText,
    category: pick(request.category.name, lang),
    department: pick(request.department.name, lang),
    due_date: request.dueAt ? formatDate(request.dueAt, lang) : null,
  });
}

export function ReplyPicker({ request, kind, onPick }: { request: RequestDetail; kind: ReplyKind; onPick: (text: string) => void }) {
  const { t, i18n } = useTranslation();
  const replies = useReplies(request.department.id, kind);
  const [search, setSearch] = useState('');
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const all = replies.data ?? [];
  if (!all.length) return null;
  const words = fold(search).split(/\s+/).filter(Boolean);
  const shown = all.filter((r) => words.every((w) => fold(`${r.title} ${r.body}`).includes(w)));

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(id) => {
        const chosen = all.find((r) => r.id === id);
        if (chosen) onPick(renderFor(chosen.body, request, i18n.language));
        setSearch('');
        combobox.closeDropdown();
      }}
    >
      <Combobox.Target>
        <InputBase
          label={t('req.replies.pick')}
          placeholder={t('req.replies.pickPlaceholder')}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
            combobox.selectFirstOption();
          }}
          onClick={() => combobox.openDropdown()}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          rightSection={<Combobox.Chevron />}
          rightSectionPointerEvents="none"
          autoComplete="off"
        />
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Options mah={260} style={{ overflowY: 'auto' }}>
          {shown.length ? shown.map((r) => (
            <Combobox.Option value={r.id} key={r.id}>
              <Text size="sm" fw={600}>{r.title}</Text>
              <Text size="xs" c="dimmed" lineClamp={2}>{r.body}</Text>
            </Combobox.Option>
          )) : <Combobox.Empty>{t('req.replies.none')}</Combobox.Empty>}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
