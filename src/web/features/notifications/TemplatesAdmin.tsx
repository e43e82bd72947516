/**
 * Message templates: pick event, channel and language; edit; see the message as the citizen would
 * get it, with its length and SMS parts in the encoding the municipality settings choose. An
 * unknown placeholder is shown at its field as it is typed (the server refuses it too).
 */
import { Anchor, Badge, Button, Group, Paper, SegmentedControl, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { closestPlaceholder, NOTIFICATION_EVENTS, renderTemplate, unknownPlaceholders, type NotificationChannel, type NotificationEvent } from '../../../shared/notifications';
import type { Template } from '../../../shared/schemas/notifications';
import { smsSegments } from '../../../shared/sms';
import { api, get } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useSettings } from '../reference/reference';

const SAMPLE = {
  protocol: '2026/004512',
  category: 'Φθορές οδοστρώματος (λακκούβες κ.λπ.)',
  department: 'Τεχνική Υπηρεσία',
  status: 'Ολοκληρώθηκε',
  note: 'Το συνεργείο αποκατέστησε τη φθορά.',
  link: 'https://aitimata.example.gov.gr/track/2026/4512',
};

export function TemplatesAdmin() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const settings = useSettings();
  const templates = useQuery({ queryKey: ['templates'], queryFn: () => get<Template[]>('/api/admin/templates') });
  const [event, setEvent] = useState<NotificationEvent>('registered');
  const [channel, setChannel] = useState<NotificationChannel>('sms');
  const [language, setLanguage] = useState<'el' | 'en'>('el');
  const current = templates.data?.find((x) => x.event === event && x.channel === channel && x.language === language);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setSubject(current?.subject ?? '');
    setBody(current?.body ?? '');
    setSaved(false);
  }, [current]);

  const path = `/api/admin/templates/${event}/${channel}/${language}`;
  const save = useMutation({
    mutationFn: () => api('PUT', path, { subject: channel === 'email' ? subject || null : null, body }),
    onSuccess: () => (setSaved(true), void qc.invalidateQueries({ queryKey: ['templates'] })),
  });
  const reset = useMutation({
    mutationFn: () => api('DELETE', path),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['templates'] }),
  });

  const vars = { ...SAMPLE, municipality: settings.data?.municipalityName[language] ?? '', phone: settings.data?.phoneLine ?? '' };
  const preview = renderTemplate(body, vars);
  const greekCaps = settings.data?.smsGreekAsGsm7 ?? false;
  const info = useMemo(() => smsSegments(preview, { greekAsGsm7: greekCaps }), [preview, greekCaps]);
  /** "Unknown field {protocl}: did you mean {protocol}?" for each unknown placeholder, or nothing. */
  const placeholderError = (text: string): string | undefined => {
    const unknown = unknownPlaceholders(text);
    if (!unknown.length) return undefined;
    return unknown
      .map((u) => {
        const near = closestPlaceholder(u);
        return u === '{' || u === '}' ? t('msg.templates.strayBrace', { brace: u }) : near ? t('msg.templates.unknownNear', { name: u, near }) : t('msg.templates.unknown', { name: u });
      })
      .join(' ');
  };
  const subjectError = channel === 'email' ? placeholderError(subject) : undefined;
  const bodyError = placeholderError(body);

  return (
    <Stack gap="md" maw={900}>
      <div>
        <Title order={2} size="h4">{t('msg.templates.title')}</Title>
        <Text size="sm" c="dimmed">{t('msg.templates.intro')}</Text>
      </div>
      <ErrorText error={templates.error} />
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select label={t('msg.templates.event')} data={NOTIFICATION_EVENTS.map((e) => ({ value: e, label: t(`msg.event.${e}`) }))} value={event} onChange={(v) => v && setEvent(v as NotificationEvent)} allowDeselect={false} w={{ base: '100%', sm: 220 }} />
        <SegmentedControl aria-label={t('msg.templates.channel')} value={channel} onChange={(v) => setChannel(v as NotificationChannel)} data={[{ value: 'sms', label: 'SMS' }, { value: 'email', label: 'E-mail' }]} />
        <SegmentedControl aria-label={t('msg.templates.language')} value={language} onChange={(v) => setLanguage(v as 'el' | 'en')} data={[{ value: 'el', label: 'Ελληνικά' }, { value: 'en', label: 'English' }]} />
        {current && <Badge variant="light" color={current.isDefault ? 'gray' : 'blue'} tt="none">{current.isDefault ? t('msg.templates.default') : t('msg.templates.custom')}</Badge>}
      </Group>
      <Paper withBorder p="md">
        <Stack gap="sm">
          {channel === 'email' && <TextInput label={t('msg.templates.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} maxLength={200} error={subjectError} />}
          <Textarea label={t('msg.templates.body')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={3} maxRows={14} maxLength={2000} error={bodyError} />
          <Group gap="sm">
            <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!body.trim() || !!bodyError || !!subjectError}>{t('msg.templates.save')}</Button>
            {current && !current.isDefault && <Button variant="default" onClick={() => reset.mutate()} loading={reset.isPending}>{t('msg.templates.reset')}</Button>}
            {saved && <Text size="sm" c="teal.9" role="status">{t('msg.templates.saved')}</Text>}
          </Group>
          <ErrorText error={save.error ?? reset.error} />
        </Stack>
      </Paper>
      <Paper withBorder p="md" bg="gray.0">
        <Title order={3} size="h5" mb="xs">{t('msg.templates.preview')}</Title>
        {channel === 'email' && <Text fw={600}>{renderTemplate(subject, vars)}</Text>}
        <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="template-preview">{channel === 'sms' ? info.text : preview}</Text>
        {channel === 'sms' && (
          <Stack gap={4} mt="sm">
            <Text size="sm" fw={600} data-testid="sms-length">
              {t('msg.templates.length', { count: info.length, segments: info.segments, encoding: info.encoding === 'gsm7' ? t('msg.templates.gsm7') : t('msg.templates.ucs2') })}
            </Text>
            <Text size="sm" c="dimmed">
              {t(greekCaps ? 'msg.templates.encodingGsm7' : 'msg.templates.encodingUcs2')}{' '}
              <Anchor component={Link} to="/admin/settings" size="sm" underline="always">{t('msg.templates.encodingChange')}</Anchor>
            </Text>
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
