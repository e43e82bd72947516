/**
 * Changing the status, to the statuses the API says this user may choose. What the citizen is
 * told goes with it (required for "not the municipality's competence"); a duplicate names its
 * original by protocol number, looked up before anything is sent.
 */
import { Button, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseProtocol } from '../../../shared/protocol';
import type { RequestDetail, TransitionInput } from '../../../shared/schemas/requests';
import { NEEDS_PUBLIC_NOTE, STATUS_INFO, type Status } from '../../../shared/workflow';
import { ApiError, get } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { pick } from '../../i18n';
import { useRequestAction } from './RequestPageData';
import { ReplyPicker } from './ReplyPicker';

interface Original {
  id: string;
  protocolNumber: string;
  summary: string;
}

export function RequestStatusForm({ request }: { request: RequestDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [to, setTo] = useState<Status | null>(null);
  const [publicNote, setPublicNote] = useState('');
  const [protocol, setProtocol] = useState('');
  const [original, setOriginal] = useState<Original | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [looking, setLooking] = useState(false);
  const reset = () => {
    setTo(null);
    setPublicNote('');
    setProtocol('');
    setOriginal(null);
  };
  const action = useRequestAction<TransitionInput>(request.id, 'transition', reset);

  if (!request.allowedStatuses.length) return <Text size="sm" c="dimmed">{t('req.page.status.noneAllowed')}</Text>;

  const noteRequired = !!to && NEEDS_PUBLIC_NOTE.includes(to);

  const lookUp = async () => {
    setOriginal(null);
    setLookupError(null);
    const p = parseProtocol(protocol);
    if (!p) return setLookupError(t('req.page.status.badProtocol'));
    setLooking(true);
    try {
      const found = await get<RequestDetail>(`/api/requests/by-protocol/${p.year}/${p.seq}`);
      if (found.id === request.id) return setLookupError(t('req.page.status.sameRequest'));
      setOriginal({ id: found.id, protocolNumber: found.protocolNumber, summary: [pick(found.category.name, lang), found.addressText].filter(Boolean).join(' · ') });
    } catch (err) {
      setLookupError(err instanceof ApiError && err.status === 404 ? t('req.page.status.originalNotFound') : t('req.page.status.lookupFailed'));
    } finally {
      setLooking(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!to || (to === 'duplicate' && !original) || (noteRequired && !publicNote.trim())) return;
    action.mutate({ to, publicNote: publicNote.trim() || undefined, duplicateOfId: to === 'duplicate' ? original!.id : undefined });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Select
          label={t('req.page.status.to')}
          placeholder={t('req.page.status.choose')}
          data={request.allowedStatuses.map((s) => ({ value: s, label: pick(STATUS_INFO[s], lang) }))}
          value={to}
          onChange={(v) => {
            setTo(v as Status | null);
            action.reset();
          }}
          required
        />
        {to === 'duplicate' && (
          <Stack gap={6}>
            <TextInput
              label={t('req.page.status.originalProtocol')}
              description={t('req.page.status.originalHint')}
              value={protocol}
              onChange={(e) => {
                setProtocol(e.currentTarget.value);
                setOriginal(null);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void lookUp();
                }
              }}
              onBlur={() => protocol.trim() && !original && void lookUp()}
              error={lookupError}
              required
              inputMode="numeric"
              autoComplete="off"
            />
            <Button variant="light" size="compact-sm" onClick={() => void lookUp()} loading={looking} style={{ alignSelf: 'flex-start' }}>
              {t('req.page.status.find')}
            </Button>
            {original && (
              <Text size="sm" role="status">
                {t('req.page.status.originalFound', { protocol: original.protocolNumber })} {original.summary}
              </Text>
            )}
          </Stack>
        )}
        <ReplyPicker request={request} kind="status_note" onPick={(text) => setPublicNote((b) => (b.trim() ? `${b.trimEnd()}\n${text}` : text))} />
        <Textarea
          label={t('req.page.status.publicNote')}
          description={t(noteRequired ? 'req.page.status.publicNoteRequired' : 'req.page.status.publicNoteHint')}
          value={publicNote}
          onChange={(e) => setPublicNote(e.currentTarget.value)}
          required={noteRequired}
          withAsterisk={noteRequired}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={2000}
        />
        <ErrorText error={action.error} />
        <Button type="submit" loading={action.isPending} disabled={!to || (to === 'duplicate' && !original) || (noteRequired && !publicNote.trim())}>
          {t('req.page.status.submit')}
        </Button>
      </Stack>
    </form>
  );
}
