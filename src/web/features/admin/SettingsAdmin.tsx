/** Municipality settings: name, phone line, opening hours, map and logo (stored as a data: URL). */
import { Alert, Button, Center, Fieldset, FileButton, Group, Image, Loader, NumberInput, Paper, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LOGO_MAX_BYTES, LOGO_TYPES, logoUrlProblem, tileUrlProblem, type MunicipalitySettings } from '../../../shared/schemas/settings';
import { ApiError, patch } from '../../api/client';
import { ErrorText, errorMessage } from '../../components/ErrorText';
import { useSettings } from '../reference/reference';
import { useFlash, useSave } from './admin-ui';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** The server allows http:// addresses on its own machine outside production; the form follows where it is opened. */
const allowLocalHttp = ['localhost', '127.0.0.1', '[::1]'].includes(window.location.hostname);

export function SettingsAdmin() {
  const { t } = useTranslation();
  const settings = useSettings();
  const [flash, setFlash] = useFlash();
  return (
    <Stack gap="md" maw={900}>
      <Title order={2} size="h4">
        {t('admin.settings.title')}
      </Title>
      <ErrorText error={settings.error} />
      {settings.data ? (
        // Keyed on the saved value: after a save the form starts again from what the server kept.
        <SettingsForm key={JSON.stringify(settings.data)} saved={settings.data} onSaved={() => setFlash(t('admin.common.saved'))} savedNote={flash} />
      ) : (
        !settings.error && (
          <Center p="xl">
            <Loader aria-label={t('common.loading')} />
          </Center>
        )
      )}
    </Stack>
  );
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

const toNumber = (v: string | number, fallback: number): number => (typeof v === 'number' ? v : Number.isFinite(Number.parseFloat(v)) ? Number.parseFloat(v) : fallback);

interface SettingsFormProps {
  saved: MunicipalitySettings;
  onSaved: () => void;
  /** The "saved" confirmation, shown beside the Save button where the eye already is. */
  savedNote: ReactNode;
}

function SettingsForm({ saved, onSaved, savedNote }: SettingsFormProps) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<MunicipalitySettings>(saved);
  const [logoError, setLogoError] = useState<string | null>(null);
  const resetFile = useRef<() => void>(null);
  const set = <K extends keyof MunicipalitySettings>(k: K, v: MunicipalitySettings[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const save = useSave((input: MunicipalitySettings) => patch<MunicipalitySettings>('/api/admin/settings', input), [['settings']], onSaved);

  const opensBad = !TIME.test(draft.hours.opens);
  const closesBad = !TIME.test(draft.hours.closes);
  const hoursReversed = !opensBad && !closesBad && draft.hours.closes <= draft.hours.opens;
  // A refusal by the server is shown at its field (the checks are the same; the server has the last word).
  const serverField = save.error instanceof ApiError ? save.error.problem.details?.field : undefined;
  const tileBad = tileUrlProblem(draft.mapTileUrl, { allowLocalHttp }) || (serverField === 'mapTileUrl' && draft.mapTileUrl === save.variables?.mapTileUrl);
  const invalid = opensBad || closesBad || hoursReversed || tileBad;
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);

  const chooseLogo = async (file: File | null) => {
    resetFile.current?.();
    if (!file) return;
    setLogoError(null);
    if (!(LOGO_TYPES as readonly string[]).includes(file.type)) return setLogoError(t('admin.settings.logoWrongType', { name: file.name }));
    if (file.size > LOGO_MAX_BYTES) return setLogoError(t('admin.settings.logoTooBig', { name: file.name, size: Math.ceil(file.size / 1024) }));
    try {
      const url = await readAsDataUrl(file);
      // A file named .png that is not one is refused here, as the server would.
      if (logoUrlProblem(url, { allowLocalHttp })) return setLogoError(t('admin.settings.logoWrongType', { name: file.name }));
      set('logoUrl', url);
    } catch {
      setLogoError(t('admin.settings.logoReadFailed'));
    }
  };

  const submit = () => {
    if (invalid || save.isPending) return;
    const trimmed = { el: draft.municipalityName.el.trim(), en: draft.municipalityName.en.trim() };
    save.mutate({ ...draft, municipalityName: trimmed, phoneLine: draft.phoneLine.trim(), mapTileUrl: draft.mapTileUrl.trim() });
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="md">
        <Fieldset legend={t('admin.settings.identity')}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('admin.settings.nameEl')} value={draft.municipalityName.el} onChange={(e) => set('municipalityName', { ...draft.municipalityName, el: e.currentTarget.value })} required maxLength={200} lang="el" />
              <TextInput label={t('admin.settings.nameEn')} value={draft.municipalityName.en} onChange={(e) => set('municipalityName', { ...draft.municipalityName, en: e.currentTarget.value })} required maxLength={200} lang="en" />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }} style={{ alignItems: 'start' }}>
              <TextInput label={t('admin.settings.phoneLine')} description={t('admin.settings.phoneLineHint')} value={draft.phoneLine} onChange={(e) => set('phoneLine', e.currentTarget.value)} maxLength={40} inputMode="tel" />
              <TextInput
                label={t('admin.settings.opens')}
                description={t('admin.settings.timeHint')}
                value={draft.hours.opens}
                onChange={(e) => set('hours', { ...draft.hours, opens: e.currentTarget.value })}
                error={opensBad ? t('admin.settings.timeInvalid') : undefined}
                placeholder="08:00"
                maxLength={5}
                inputMode="numeric"
                required
              />
              <TextInput
                label={t('admin.settings.closes')}
                description={t('admin.settings.timeHint')}
                value={draft.hours.closes}
                onChange={(e) => set('hours', { ...draft.hours, closes: e.currentTarget.value })}
                error={closesBad ? t('admin.settings.timeInvalid') : hoursReversed ? t('admin.settings.closesBeforeOpens') : undefined}
                placeholder="14:30"
                maxLength={5}
                inputMode="numeric"
                required
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <Fieldset legend={t('admin.settings.map')}>
          <Stack gap="sm">
            <TextInput
              label={t('admin.settings.tileUrl')}
              description={t('admin.settings.tileUrlHint')}
              value={draft.mapTileUrl}
              onChange={(e) => set('mapTileUrl', e.currentTarget.value)}
              error={tileBad ? t('admin.settings.tileUrlInvalid') : undefined}
              placeholder={t('admin.settings.tileUrlEmpty')}
              maxLength={500}
              type="url"
              spellCheck={false}
            />
            <SimpleGrid cols={{ base: 1, xs: 3 }}>
              <NumberInput
                label={t('admin.settings.lat')}
                value={draft.mapCenter.lat}
                onChange={(v) => set('mapCenter', { ...draft.mapCenter, lat: toNumber(v, draft.mapCenter.lat) })}
                min={-90}
                max={90}
                decimalScale={6}
                clampBehavior="strict"
                required
              />
              <NumberInput
                label={t('admin.settings.lng')}
                value={draft.mapCenter.lng}
                onChange={(v) => set('mapCenter', { ...draft.mapCenter, lng: toNumber(v, draft.mapCenter.lng) })}
                min={-180}
                max={180}
                decimalScale={6}
                clampBehavior="strict"
                required
              />
              <NumberInput
                label={t('admin.settings.zoom')}
                value={draft.mapCenter.zoom}
                onChange={(v) => set('mapCenter', { ...draft.mapCenter, zoom: Math.round(toNumber(v, draft.mapCenter.zoom)) })}
                min={1}
                max={19}
                allowDecimal={false}
                clampBehavior="strict"
                required
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <Fieldset legend={t('admin.settings.sms')}>
          <Radio.Group
            value={draft.smsGreekAsGsm7 ? 'gsm7' : 'ucs2'}
            onChange={(v) => set('smsGreekAsGsm7', v === 'gsm7')}
            description={t('admin.settings.smsHint')}
            aria-label={t('admin.settings.sms')}
          >
            <Stack gap="sm" mt="xs">
              <Radio value="ucs2" label={t('admin.settings.smsUcs2')} description={t('admin.settings.smsUcs2Hint')} />
              <Radio value="gsm7" label={t('admin.settings.smsGsm7')} description={t('admin.settings.smsGsm7Hint')} />
            </Stack>
          </Radio.Group>
        </Fieldset>

        <Fieldset legend={t('admin.settings.logo')}>
          <Stack gap="sm">
            <Text size="sm" c="dimmed" id="logo-hint">
              {t('admin.settings.logoHint')}
            </Text>
            <Paper withBorder p="sm" w="fit-content" maw="100%" bg="gray.0">
              {draft.logoUrl ? (
                <Image src={draft.logoUrl} alt={t('admin.settings.logoPreview')} mah={120} maw={320} fit="contain" />
              ) : (
                <Text size="sm" c="dimmed">
                  {t('admin.settings.logoNone')}
                </Text>
              )}
            </Paper>
            <Group gap="sm">
              <FileButton onChange={chooseLogo} accept={LOGO_TYPES.join(',')} resetRef={resetFile}>
                {(props) => (
                  <Button {...props} variant="light" aria-describedby="logo-hint">
                    {t('admin.settings.logoChoose')}
                  </Button>
                )}
              </FileButton>
              {draft.logoUrl && (
                <Button variant="subtle" color="red" onClick={() => set('logoUrl', null)}>
                  {t('admin.settings.logoRemove')}
                </Button>
              )}
            </Group>
            {serverField === 'logoUrl' && draft.logoUrl === save.variables?.logoUrl && !logoError && (
              <Alert color="red" role="alert" variant="light">
                {errorMessage(save.error, i18n.language)}
              </Alert>
            )}
            {logoError && (
              <Alert color="red" role="alert" variant="light">
                {logoError}
              </Alert>
            )}
          </Stack>
        </Fieldset>

        {!serverField && <ErrorText error={save.error} />}
        {savedNote}
        <Group justify="space-between" gap="sm">
          <Text size="sm" c={dirty ? 'red.9' : 'dimmed'} role="status">
            {dirty ? t('admin.settings.unsaved') : ''}
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={() => setDraft(saved)} disabled={!dirty || save.isPending}>
              {t('admin.settings.reset')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!dirty || invalid}>
              {t('common.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
