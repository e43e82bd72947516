/**
 * The public tracking page (/track, /track/:year/:seq from an SMS link): no sign-in, phone first,
 * large type. The citizen gives the protocol number and the last four digits of their phone (or
 * their e-mail) and sees the status, the department and what the municipality told them.
 */
import { Alert, Anchor, Button, Container, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { TrackInput, TrackResult } from '../../../shared/schemas/tracking';
import { parseTrackCheck, readProtocol } from '../../../shared/tracking';
import { ApiError, post } from '../../api/client';
import { pick, setLanguage, type Lang } from '../../i18n';
import { useSettings } from '../reference/reference';
import classes from './TrackPage.module.css';
import { TrackResultView } from './TrackResultView';

function Header() {
  const { t, i18n } = useTranslation();
  const settings = useSettings().data;
  const lang = i18n.language as Lang;
  return (
    <header className={classes.header}>
      <Container size={640} px="md" py="sm">
        {/* A long name pushes the language buttons to a second line rather than breaking a word. */}
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="sm" wrap="nowrap" miw={0}>
            {settings?.logoUrl && <img src={settings.logoUrl} alt="" className={classes.logo} />}
            <Text fw={700} size="lg" c="blue.9" style={{ overflowWrap: 'break-word' }}>
              {settings ? pick(settings.municipalityName, lang) : '\u00a0'}
            </Text>
          </Group>
          <Group gap={4} wrap="nowrap" ml="auto" role="group" aria-label={t('track.language')}>
            {(['el', 'en'] as const).map((l) => (
              <Button key={l} size="md" px="xs" variant={lang === l ? 'filled' : 'subtle'} aria-pressed={lang === l} lang={l} onClick={() => setLanguage(l)}>
                {l === 'el' ? 'Ελληνικά' : 'English'}
              </Button>
            ))}
          </Group>
        </Group>
      </Container>
    </header>
  );
}

function Help() {
  const { t, i18n } = useTranslation();
  const settings = useSettings().data;
  if (!settings?.phoneLine) return null;
  return (
    <footer>
      <Stack gap={4} className={classes.card}>
        <Text fw={700}>{t('track.help')}</Text>
        <Anchor href={`tel:${settings.phoneLine.replace(/[^\d+]/g, '')}`} className={classes.phoneLink}>
          {t('track.call', { phone: settings.phoneLine })}
        </Anchor>
        <Text c="dimmed" lang={i18n.language}>{t('track.hours', settings.hours)}</Text>
      </Stack>
    </footer>
  );
}

function LookupError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const retryAfter = error instanceof ApiError ? Number(error.problem.details?.retryAfterSeconds ?? 0) : 0;
  const code = error instanceof ApiError ? error.code : null;
  const [title, body] =
    code === 'not_found' ? ['notFoundTitle', 'notFound']
      : code === 'too_many_attempts' ? ['throttledTitle', 'throttled']
        : error instanceof ApiError && error.status === 0 ? ['otherTitle', 'offline']
          : ['otherTitle', 'other'];
  return (
    <Alert color={code === 'too_many_attempts' ? 'orange' : 'red'} variant="light" role="alert" title={<Text fw={700} size="lg">{t(`track.errors.${title}`)}</Text>}>
      <Text size="lg">{code === 'too_many_attempts' ? t(retryAfter > 5400 ? 'track.errors.throttledHours' : 'track.errors.throttled', { count: retryAfter > 5400 ? Math.ceil(retryAfter / 3600) : Math.max(1, Math.ceil(retryAfter / 60)) }) : t(`track.errors.${body}`)}</Text>
    </Alert>
  );
}

type Mode = 'phone' | 'email';

function LookupForm({ initialProtocol, onFound }: { initialProtocol: string; onFound: (r: TrackResult) => void }) {
  const { t } = useTranslation();
  const [protocol, setProtocol] = useState(initialProtocol);
  const [check, setCheck] = useState('');
  const [mode, setMode] = useState<Mode>('phone');
  const [bad, setBad] = useState<{ protocol?: string; check?: string }>({});
  const lookUp = useMutation({ mutationFn: (input: TrackInput) => post<TrackResult>('/api/public/track', input), onSuccess: onFound });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const protocolNumber = readProtocol(protocol);
    const parsed = parseTrackCheck(check);
    const checkOk = parsed && (mode === 'email' ? parsed.kind === 'email' : parsed.kind === 'phone_digits');
    const problems = { protocol: protocolNumber ? undefined : t('track.bad.protocol'), check: checkOk ? undefined : t(mode === 'email' ? 'track.bad.email' : 'track.bad.digits') };
    setBad(problems);
    if (!protocolNumber || !checkOk) {
      document.getElementById(protocolNumber ? 'track-check' : 'track-protocol')?.focus();
      return;
    }
    setProtocol(protocolNumber);
    lookUp.mutate({ protocolNumber, check: check.trim() });
  };

  const switchMode = () => {
    setMode(mode === 'phone' ? 'email' : 'phone');
    setCheck('');
    setBad((b) => ({ ...b, check: undefined }));
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="track-title">
      <Stack gap="lg">
        <div>
          <Title order={1} size="h2" id="track-title">{t('track.title')}</Title>
          <Text size="lg" mt="xs">{t('track.intro')}</Text>
        </div>
        <TextInput
          id="track-protocol"
          size="lg"
          label={t('track.protocol')}
          description={t('track.protocolHint')}
          classNames={{ description: classes.hint, error: classes.fieldError }}
          value={protocol}
          onChange={(e) => setProtocol(e.currentTarget.value)}
          error={bad.protocol}
          autoComplete="off"
          inputMode="numeric"
          maxLength={40}
          required
        />
        <div>
          <TextInput
            id="track-check"
            size="lg"
            label={t(mode === 'email' ? 'track.email' : 'track.digits')}
            description={t(mode === 'email' ? 'track.emailHint' : 'track.digitsHint')}
            classNames={{ description: classes.hint, error: classes.fieldError }}
            value={check}
            onChange={(e) => setCheck(e.currentTarget.value)}
            error={bad.check}
            autoComplete={mode === 'email' ? 'email' : 'off'}
            inputMode={mode === 'email' ? 'email' : 'numeric'}
            type={mode === 'email' ? 'email' : 'text'}
            maxLength={mode === 'email' ? 254 : 20}
            required
            // From an SMS link the number is already there: the citizen starts with the digits.
            autoFocus={!!initialProtocol}
          />
          <Anchor component="button" type="button" size="lg" fw={600} mt={4} onClick={switchMode} className={classes.switchMode}>
            {t(mode === 'email' ? 'track.usePhone' : 'track.useEmail')}
          </Anchor>
        </div>
        {lookUp.isError && <LookupError error={lookUp.error} />}
        <Button type="submit" size="xl" fullWidth loading={lookUp.isPending} loaderProps={{ type: 'dots' }} classNames={{ root: classes.bigButton, label: classes.bigButtonLabel }}>
          {t('track.submit')}
        </Button>
      </Stack>
    </form>
  );
}

export function TrackPage() {
  const { t, i18n } = useTranslation();
  const { year, seq } = useParams();
  const settings = useSettings().data;
  const [result, setResult] = useState<TrackResult | null>(null);
  const [formKey, setFormKey] = useState(0);
  const initialProtocol = year && seq ? (readProtocol(`${year}/${seq}`) ?? `${year}/${seq}`) : '';

  useEffect(() => {
    const name = settings ? pick(settings.municipalityName, i18n.language) : '';
    document.title = name ? `${t('track.docTitle')} · ${name}` : t('track.docTitle');
  }, [t, i18n.language, settings]);

  return (
    <div className={classes.page}>
      <Header />
      <Container size={640} px="md" py="lg">
        <Stack gap="xl">
          <main>
            {result ? (
              <TrackResultView result={result} onAnother={() => { setResult(null); setFormKey((k) => k + 1); }} />
            ) : (
              <div className={classes.card}>
                <LookupForm key={formKey} initialProtocol={initialProtocol} onFound={setResult} />
              </div>
            )}
          </main>
          <Help />
        </Stack>
      </Container>
    </div>
  );
}
