/** Pieces every administration table and form shares: header, filter, save hook, modal form, status line. */
import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { matchesAllWords } from '../../../shared/text';
import { ErrorText } from '../../components/ErrorText';

/** Sorts by a text with Greek collation (accents and case ignored), which orders Latin names correctly too. */
export const byGreek = <T,>(key: (item: T) => string) => (a: T, b: T): number => key(a).localeCompare(key(b), 'el', { sensitivity: 'base' });

/** Filters `items` by every word of `query` against the texts `haystack` gives for each. */
export const filterBy = <T,>(items: T[], query: string, haystack: (item: T) => string[]): T[] => items.filter((i) => matchesAllWords(query, haystack(i)));

/** A mutation that refreshes the given queries before it reports success. */
export function useSave<I, O>(fn: (input: I) => Promise<O>, keys: QueryKey[], onDone?: (result: O, input: I) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (result, input) => {
      await Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey })));
      onDone?.(result, input);
    },
  });
}

/** A short-lived confirmation ("saved") that screen readers announce politely. */
export function useFlash(): [ReactNode, (message: string) => void] {
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), 6000);
    return () => clearTimeout(timer);
  }, [message]);
  const node = (
    <div role="status" aria-live="polite">
      {message && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setMessage(null)} closeButtonLabel="×">
          {message}
        </Alert>
      )}
    </div>
  );
  return [node, setMessage];
}

interface SectionHeaderProps {
  title: string;
  createLabel?: string;
  onCreate?: () => void;
  filter?: string;
  onFilter?: (value: string) => void;
}

/** The section title with its create button and an optional filter box. */
export function SectionHeader({ title, createLabel, onCreate, filter, onFilter }: SectionHeaderProps) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" align="flex-end" gap="sm">
      <Title order={2} size="h4">
        {title}
      </Title>
      <Group gap="sm" align="flex-end" wrap="wrap">
        {onFilter && (
          <TextInput
            label={t('admin.common.filter')}
            placeholder={t('admin.common.filterHint')}
            value={filter}
            onChange={(e) => onFilter(e.currentTarget.value)}
            type="search"
            w={220}
          />
        )}
        {onCreate && <Button onClick={onCreate}>{createLabel}</Button>}
      </Group>
    </Group>
  );
}

/** Yes/no as a small badge that does not rely on colour alone. */
export function YesNo({ value, yes, no }: { value: boolean; yes?: string; no?: string }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={value ? 'green' : 'gray'} styles={{ root: { flexShrink: 0 }, label: { overflow: 'visible' } }}>
      {value ? (yes ?? t('admin.common.yes')) : (no ?? t('admin.common.no'))}
    </Badge>
  );
}

/** The row shown when a table has nothing to show. */
export function EmptyRow({ colSpan, filtered }: { colSpan: number; filtered: boolean }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td colSpan={colSpan}>
        <Text c="dimmed" size="sm" py="sm">
          {filtered ? t('admin.common.noMatch') : t('admin.common.empty')}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

interface FormModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  onSubmit: () => void;
  pending: boolean;
  error: unknown;
  /** Shown instead of the server's error, e.g. a check the form made itself. */
  errorNode?: ReactNode;
  submitDisabled?: boolean;
  children: ReactNode;
}

/** A modal holding one form: fields, the error, Save and Cancel. Full screen on a phone. */
export function FormModal({ opened, onClose, title, onSubmit, pending, error, errorNode, submitDisabled, children }: FormModalProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const errorRef = useRef<HTMLDivElement>(null);
  // A long form scrolls inside the modal; bring a new error into view so it is not missed below the fold.
  useEffect(() => {
    if (error) errorRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [error]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!pending && !submitDisabled) onSubmit();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg" fullScreen={!!phone} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {children}
          {(errorNode || error) ? <div ref={errorRef}>{errorNode ?? <ErrorText error={error} />}</div> : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={pending} disabled={submitDisabled}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
