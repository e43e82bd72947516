/**
 * The call-intake console, shaped like a phone call: the caller's number first (their earlier
 * requests appear as it is typed), then what and where, then who and how to keep them informed.
 * Everything is reachable by keyboard; Ctrl+Enter registers, Alt+N starts the next call.
 */
import { Button, Checkbox, Grid, Group, Paper, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CitizenView, CreatedRequest, CreateRequestInput } from '../../../shared/schemas/requests';
import { fold } from '../../../shared/text';
import { CHANNELS, PRIORITIES, type Channel, type Priority } from '../../../shared/workflow';
import { post } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { pick } from '../../i18n';
import { useCategories, useSettings } from '../reference/reference';
import { CallerPanel } from './CallerPanel';
import type { Pin } from './PinMap';
import { RegisteredPanel } from './RegisteredPanel';

const PinMap = lazy(() => import('./PinMap'));

interface Draft {
  phone: string;
  citizenId?: string;
  categoryId: string | null;
  description: string;
  addressText: string;
  pin: Pin | null;
  fullName: string;
  email: string;
  smsConsent: boolean;
  emailConsent: boolean;
  channel: Channel;
  priority: Priority;
}

const empty = (): Draft => ({ phone: '', categoryId: null, description: '', addressText: '', pin: null, fullName: '', email: '', smsConsent: false, emailConsent: false, channel: 'phone', priority: 'normal' });

export function IntakePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const qc = useQueryClient();
  const categories = useCategories();
  const settings = useSettings();
  const [draft, setDraft] = useState<Draft>(empty);
  const [showMap, setShowMap] = useState(false);
  // One key per call: a double submit or a retry after a network error never registers it twice.
  const idempotencyKey = useRef(crypto.randomUUID());
  const phoneRef = useRef<HTMLInputElement>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const create = useMutation({
    mutationFn: (input: CreateRequestInput) => post<CreatedRequest>('/api/requests', input, { 'idempotency-key': idempotencyKey.current }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['requests'] }),
  });

  const categoryOptions = useMemo(
    () => (categories.data ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: pick(c.name, lang), keywords: c.keywords })),
    [categories.data, lang],
  );

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (create.isPending || !draft.categoryId) return;
    const hasCitizen = draft.citizenId || draft.fullName || draft.phone || draft.email;
    create.mutate({
      channel: draft.channel,
      categoryId: draft.categoryId,
      description: draft.description,
      addressText: draft.addressText || undefined,
      location: draft.pin ?? undefined,
      priority: draft.priority,
      citizen: hasCitizen
        ? { id: draft.citizenId, fullName: draft.fullName || undefined, phone: draft.phone || undefined, email: draft.email || undefined, smsConsent: draft.smsConsent, emailConsent: draft.emailConsent }
        : undefined,
    } as CreateRequestInput);
  };

  const nextCall = () => {
    setDraft(empty());
    setShowMap(false);
    create.reset();
    idempotencyKey.current = crypto.randomUUID();
    setTimeout(() => phoneRef.current?.focus(), 0);
  };

  useHotkeys([
    ['mod+Enter', () => submit()],
    ['alt+N', nextCall],
  ], []);

  const useCitizen = (c: CitizenView) =>
    setDraft((d) => ({ ...d, citizenId: c.id, fullName: c.fullName ?? d.fullName, email: c.email ?? d.email, smsConsent: c.smsConsent, emailConsent: c.emailConsent }));

  if (create.isSuccess) return <RegisteredPanel created={create.data} onNext={nextCall} />;

  return (
    <form onSubmit={submit} aria-labelledby="intake-title" onKeyDown={(e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && submit(e)}>
      <Title order={1} size="h3" mb="md" id="intake-title">{t('intake.title')}</Title>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <TextInput
                ref={phoneRef}
                label={t('intake.phone')}
                description={t('intake.phoneHint')}
                value={draft.phone}
                onChange={(e) => {
                  const phone = e.currentTarget.value;
                  setDraft((d) => ({ ...d, phone, citizenId: undefined }));
                }}
                inputMode="tel"
                autoComplete="off"
                autoFocus
                size="md"
                data-testid="caller-phone"
              />
              <CallerPanel phone={draft.phone} onUse={useCitizen} selectedId={draft.citizenId} />
              <TextInput label={t('intake.name')} value={draft.fullName} onChange={(e) => set('fullName', e.currentTarget.value)} autoComplete="off" />
              <TextInput label={t('intake.email')} type="email" value={draft.email} onChange={(e) => set('email', e.currentTarget.value)} autoComplete="off" />
              <Checkbox label={t('intake.smsConsent')} checked={draft.smsConsent} onChange={(e) => set('smsConsent', e.currentTarget.checked)} />
              <Checkbox label={t('intake.emailConsent')} checked={draft.emailConsent} onChange={(e) => set('emailConsent', e.currentTarget.checked)} />
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Select
                label={t('intake.category')}
                description={t('intake.categoryHint')}
                data={categoryOptions}
                value={draft.categoryId}
                onChange={(v) => set('categoryId', v)}
                searchable
                required
                selectFirstOptionOnChange
                nothingFoundMessage="—"
                filter={({ options, search }) =>
                  options.filter((o) => {
                    const opt = categoryOptions.find((c) => c.value === (o as { value: string }).value);
                    const words = fold(search).split(/\s+/).filter(Boolean);
                    const hay = fold([opt?.label ?? '', ...(opt?.keywords ?? [])].join(' '));
                    return words.every((w) => hay.includes(w));
                  })
                }
                data-testid="category"
              />
              <Textarea label={t('intake.description')} value={draft.description} onChange={(e) => set('description', e.currentTarget.value)} required autosize minRows={3} maxRows={8} maxLength={5000} />
              <TextInput label={t('intake.address')} value={draft.addressText} onChange={(e) => set('addressText', e.currentTarget.value)} maxLength={500} />
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
              <Group grow>
                <Select label={t('intake.channel')} data={CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))} value={draft.channel} onChange={(v) => v && set('channel', v as Channel)} allowDeselect={false} />
                <Select label={t('intake.priority')} data={PRIORITIES.map((p) => ({ value: p, label: t(`priorities.${p}`) }))} value={draft.priority} onChange={(v) => v && set('priority', v as Priority)} allowDeselect={false} />
              </Group>
              <ErrorText error={create.error} />
              <Button type="submit" size="md" loading={create.isPending} disabled={!draft.categoryId || !draft.description.trim()}>
                {t('intake.submit')}
              </Button>
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
    </form>
  );
}
