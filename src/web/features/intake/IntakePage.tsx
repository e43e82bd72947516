/**
 * The call-intake console, shaped like a phone call: the caller's number first (their earlier
 * requests appear as it is typed), then what and where, then who and how to keep them informed.
 * Everything is reachable by keyboard; Ctrl+Enter registers, Alt+N starts the next call.
 * The call being typed is a draft that survives leaving the page, a reload and an ended session
 * (draft.ts); problems are shown beside their fields, in the user's language.
 */
import { Alert, Button, Checkbox, Grid, Group, Modal, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { NearbyRequest } from '../../../shared/schemas/nearby';
import type { CitizenView, CreatedRequestAnswer, CreateRequestInput } from '../../../shared/schemas/requests';
import { CHANNELS, PRIORITIES, type Channel, type Priority } from '../../../shared/workflow';
import { post } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { fieldErrors } from '../../components/field-errors';
import { useShortcuts } from '../../components/shortcuts';
import { useMe } from '../auth/session';
import { useSettings } from '../reference/reference';
import { CallerPanel, CALLER_KEY } from './CallerPanel';
import { CategoryPicker } from './CategoryPicker';
import { emptyDraft, isBlank, useDraft, type Draft } from './draft';
import { NearbyPanel } from './NearbyPanel';
import { checkPhone } from './phone-check';
import { RegisteredPanel, type CallOutcome } from './RegisteredPanel';
import { RequestPeek } from './RequestPeek';

const PinMap = lazy(() => import('./PinMap'));

/** The draft's field for each field the server may name. */
const SERVER_FIELDS: Record<string, keyof Draft> = {
  categoryId: 'categoryId', description: 'description', addressText: 'addressText', location: 'pin', channel: 'channel', priority: 'priority',
  'citizen.phone': 'phone', 'citizen.fullName': 'fullName', 'citizen.email': 'email', 'citizen.smsConsent': 'smsConsent', 'citizen.emailConsent': 'emailConsent', 'citizen.id': 'fullName',
};
const FIELD_TEXTS = {
  description: { too_small: { el: 'Γράψτε τι αναφέρει ο καλών.', en: 'Write what the caller reports.' } },
  'citizen.email': { invalid_format: { el: 'Το e-mail δεν είναι έγκυρο.', en: 'The e-mail is not valid.' } },
};

export function IntakePage() {
  const me = useMe().data!;
  return <IntakeConsole key={me.id} userId={me.id} />;
}

function IntakeConsole({ userId }: { userId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const qc = useQueryClient();
  const settings = useSettings();
  const { draft, setDraft, restored } = useDraft(userId);
  const [showRestored, setShowRestored] = useState(restored);
  const [showMap, setShowMap] = useState(!!draft.pin);
  const [checks, setChecks] = useState<Partial<Record<keyof Draft, string>>>({});
  const [phoneDone, setPhoneDone] = useState(false);
  const [outcome, setOutcome] = useState<CallOutcome | null>(null);
  const [peek, setPeek] = useState<{ id: string; protocolNumber: string } | null>(null);
  const [confirmNext, setConfirmNext] = useState(false);
  const phoneRef = useRef<HTMLInputElement>(null);
  const categoryRef = useRef<HTMLInputElement>(null);
  const descriptionRef = useRef<HTMLTextAreaElement>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setChecks((c) => ({ ...c, [k]: undefined }));
    if (create.isError) create.reset();
  };

  const afterCall = (o: CallOutcome) => {
    setOutcome(o);
    setDraft(emptyDraft());
    void qc.invalidateQueries({ queryKey: ['requests'] });
    void qc.invalidateQueries({ queryKey: CALLER_KEY });
    void qc.invalidateQueries({ queryKey: ['nearby'] });
  };

  const create = useMutation({
    mutationFn: ({ input, key }: { input: CreateRequestInput; key: string }) => post<CreatedRequestAnswer>('/api/requests', input, { 'idempotency-key': key }),
    onSuccess: (created, { input }) => afterCall({ kind: 'registered', created, consented: !!(input.citizen?.smsConsent || input.citizen?.emailConsent) }),
  });
  const link = useMutation({
    mutationFn: (r: NearbyRequest) =>
      post(`/api/requests/${r.id}/contacts`, {
        method: 'phone',
        direction: 'incoming',
        outcome: 'reached',
        note: [t('con.linkNote', { who: [draft.fullName.trim(), draft.phone.trim()].filter(Boolean).join(', ') || '—' }), draft.description.trim()].filter(Boolean).join('\n'),
      }),
    onSuccess: (_, r) => afterCall({ kind: 'linked', id: r.id, protocolNumber: r.protocolNumber }),
  });

  const phone = checkPhone(draft.phone, 'GR', phoneDone);
  const phoneError = phone.state === 'invalid' ? t(`con.phone.${phone.reason}`) : undefined;
  const server = fieldErrors(create.error, lang, FIELD_TEXTS);
  const serverErrorOf = (field: keyof Draft): string | undefined => {
    const path = Object.keys(SERVER_FIELDS).find((p) => SERVER_FIELDS[p] === field && server[p]);
    return path ? server[path] : undefined;
  };
  // What the console found on Ctrl+Enter first; then what the server said about the last attempt.
  const errorOf = (field: keyof Draft): string | undefined => checks[field] ?? serverErrorOf(field);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (create.isPending || outcome) return;
    const found: Partial<Record<keyof Draft, string>> = {};
    const finalPhone = checkPhone(draft.phone, 'GR', true);
    if (finalPhone.state === 'invalid') found.phone = t(`con.phone.${finalPhone.reason}`);
    if (finalPhone.state === 'valid' && finalPhone.kind === 'fixed' && draft.smsConsent) found.smsConsent = t('con.phone.fixed');
    if (!draft.categoryId) found.categoryId = t('con.categoryRequired');
    if (!draft.description.trim()) found.description = t('con.descriptionRequired');
    setChecks(found);
    setPhoneDone(true);
    if (found.phone) return phoneRef.current?.focus();
    if (found.categoryId) return categoryRef.current?.focus();
    if (found.description) return descriptionRef.current?.focus();
    const hasCitizen = draft.citizenId || draft.fullName || draft.phone || draft.email;
    create.mutate({
      key: draft.idempotencyKey,
      input: {
        channel: draft.channel,
        categoryId: draft.categoryId!,
        description: draft.description,
        addressText: draft.addressText || undefined,
        location: draft.pin ?? undefined,
        priority: draft.priority,
        citizen: hasCitizen
          ? { id: draft.citizenId, fullName: draft.fullName || undefined, phone: draft.phone || undefined, email: draft.email || undefined, smsConsent: draft.smsConsent, emailConsent: draft.emailConsent }
          : undefined,
      } as CreateRequestInput,
    });
  };

  const nextCall = () => {
    setConfirmNext(false);
    setDraft(emptyDraft());
    setOutcome(null);
    setShowMap(false);
    setChecks({});
    setPhoneDone(false);
    setShowRestored(false);
    create.reset();
    link.reset();
    setTimeout(() => phoneRef.current?.focus(), 0);
  };
  // A call in progress is not thrown away by a stray Alt+N: ask first.
  const askNextCall = () => (outcome || isBlank(draft) ? nextCall() : setConfirmNext(true));

  useShortcuts([
    ['mod+Enter', () => submit()],
    ['alt+N', askNextCall],
  ], { inFields: true });

  const useCitizen = (c: CitizenView) =>
    setDraft((d) => ({ ...d, citizenId: c.id, fullName: c.fullName ?? d.fullName, email: c.email ?? d.email, smsConsent: c.smsConsent, emailConsent: c.emailConsent }));

  const peekPanel = <RequestPeek request={peek} onClose={() => setPeek(null)} />;
  if (outcome) return <>{peekPanel}<RegisteredPanel outcome={outcome} onNext={nextCall} /></>;

  const phoneHint = phone.state === 'valid' ? t(`con.phone.${phone.kind}`) : t('intake.phoneHint');
  return (
    <form onSubmit={submit} aria-labelledby="intake-title" noValidate>
      {peekPanel}
      <Modal opened={confirmNext} onClose={() => setConfirmNext(false)} title={t('con.discardTitle')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Text mb="md">{t('con.discardText')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmNext(false)} data-autofocus>{t('con.keep')}</Button>
          <Button color="red" onClick={nextCall}>{t('con.discard')}</Button>
        </Group>
      </Modal>
      <Title order={1} size="h3" mb="md" id="intake-title">{t('intake.title')}</Title>
      {showRestored && (
        <Alert color="blue" variant="light" mb="md" withCloseButton closeButtonLabel={t('common.close')} onClose={() => setShowRestored(false)} data-testid="draft-restored">
          {t('con.draftRestored')}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <TextInput
                ref={phoneRef}
                label={t('intake.phone')}
                description={phoneHint}
                error={errorOf('phone') ?? phoneError}
                value={draft.phone}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setDraft((d) => ({ ...d, phone: value, citizenId: undefined }));
                  setChecks((c) => ({ ...c, phone: undefined }));
                  setPhoneDone(false);
                }}
                onBlur={() => setPhoneDone(true)}
                inputMode="tel"
                autoComplete="off"
                autoFocus
                size="md"
                data-testid="caller-phone"
              />
              <CallerPanel phone={draft.phone} onUse={useCitizen} selectedId={draft.citizenId} onOpen={setPeek} />
              <TextInput label={t('intake.name')} value={draft.fullName} error={errorOf('fullName')} onChange={(e) => set('fullName', e.currentTarget.value)} autoComplete="off" />
              <TextInput label={t('intake.email')} type="email" value={draft.email} error={errorOf('email')} onChange={(e) => set('email', e.currentTarget.value)} autoComplete="off" />
              <Checkbox label={t('intake.smsConsent')} checked={draft.smsConsent} error={errorOf('smsConsent')} onChange={(e) => set('smsConsent', e.currentTarget.checked)} />
              <Checkbox label={t('intake.emailConsent')} checked={draft.emailConsent} error={errorOf('emailConsent')} onChange={(e) => set('emailConsent', e.currentTarget.checked)} />
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <CategoryPicker ref={categoryRef} value={draft.categoryId} onChange={(v) => set('categoryId', v)} error={errorOf('categoryId')} />
              <Textarea ref={descriptionRef} label={t('intake.description')} value={draft.description} error={errorOf('description')} onChange={(e) => set('description', e.currentTarget.value)} aria-required withAsterisk autosize minRows={3} maxRows={8} maxLength={5000} />
              <TextInput label={t('intake.address')} value={draft.addressText} error={errorOf('addressText')} onChange={(e) => set('addressText', e.currentTarget.value)} maxLength={500} />
              <Group gap="xs">
                <Button variant="light" size="compact-sm" onClick={() => setShowMap((s) => !s)} aria-expanded={showMap}>
                  {t('intake.map')}
                </Button>
                {draft.pin && (
                  <Button variant="subtle" size="compact-sm" color="gray" onClick={() => set('pin', null)}>
                    {t('intake.clearPin')} ({draft.pin.lat.toFixed(5)}, {draft.pin.lng.toFixed(5)})
                  </Button>
                )}
              </Group>
              {showMap && settings.data && (
                <Suspense fallback={null}>
                  <PinMap tileUrl={settings.data.mapTileUrl} center={settings.data.mapCenter} pin={draft.pin} onPin={(p) => set('pin', p)} label={t('intake.mapHint')} />
                </Suspense>
              )}
              <NearbyPanel categoryId={draft.categoryId} street={draft.addressText} pin={draft.pin} onOpen={setPeek} onLink={(r) => link.mutate(r)} linking={link.isPending} />
              <ErrorText error={link.error} />
              <Group grow>
                <Select label={t('intake.channel')} data={CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))} value={draft.channel} onChange={(v) => v && set('channel', v as Channel)} allowDeselect={false} />
                <Select label={t('intake.priority')} data={PRIORITIES.map((p) => ({ value: p, label: t(`priorities.${p}`) }))} value={draft.priority} onChange={(v) => v && set('priority', v as Priority)} allowDeselect={false} />
              </Group>
              <ErrorText error={create.error} shownAtFields={Object.keys(SERVER_FIELDS)} />
              <Button type="submit" size="md" loading={create.isPending}>
                {t('intake.submit')}
              </Button>
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
    </form>
  );
}
