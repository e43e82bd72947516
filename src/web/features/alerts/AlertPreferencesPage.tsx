/** Which alert e-mails I get: a switch per kind my role can receive, and their language. Under the user's menu (header). */
import { Alert, Button, Group, Loader, Paper, SegmentedControl, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertPreferences, AlertPreferencesView } from '../../../shared/schemas/alerts';
import { api, get } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';

const KEY = ['alert-preferences'] as const;

export function AlertPreferencesPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const prefs = useQuery({ queryKey: KEY, queryFn: () => get<AlertPreferencesView>('/api/me/alert-preferences') });
  const [draft, setDraft] = useState<AlertPreferences | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (prefs.data && !draft) {
      const { email: _e, applicable: _a, ...rest } = prefs.data;
      setDraft(rest);
    }
  }, [prefs.data, draft]);
  const save = useMutation({
    mutationFn: (input: AlertPreferences) => api<AlertPreferencesView>('PUT', '/api/me/alert-preferences', input),
    onSuccess: (v) => {
      qc.setQueryData(KEY, v);
      setSaved(true);
    },
  });

  if (prefs.isPending || !draft) return prefs.error ? <ErrorText error={prefs.error} /> : <Loader aria-label="…" />;
  const view = prefs.data!;
  return (
    <Stack gap="md" maw={640}>
      <div>
        <Title order={1} size="h3">{t('alerts.title')}</Title>
        <Text c="dimmed" size="sm">{t('alerts.intro')}</Text>
      </div>
      {!view.applicable.length ? (
        <Text>{t('alerts.noneForRole')}</Text>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(false);
            save.mutate(draft);
          }}
        >
          <Paper withBorder p="md">
            <Stack gap="md">
              {view.email ? <Text size="sm">{t('alerts.sentTo', { email: view.email })}</Text> : <Alert color="yellow" variant="light">{t('alerts.noEmail')}</Alert>}
              {view.applicable.map((kind) => (
                <Switch
                  key={kind}
                  label={t(`alerts.kinds.${kind}.label`)}
                  description={t(`alerts.kinds.${kind}.description`)}
                  checked={draft[kind]}
                  onChange={(e) => setDraft({ ...draft, [kind]: e.currentTarget.checked })}
                />
              ))}
              <div>
                <Text size="sm" fw={500} id="alerts-language">{t('alerts.language')}</Text>
                <SegmentedControl
                  aria-labelledby="alerts-language"
                  value={draft.language}
                  onChange={(v) => setDraft({ ...draft, language: v as 'el' | 'en' })}
                  data={[{ value: 'el', label: t('alerts.languages.el') }, { value: 'en', label: t('alerts.languages.en') }]}
                />
              </div>
              <Group>
                <Button type="submit" loading={save.isPending}>{t('alerts.save')}</Button>
                <Text size="sm" c="#1b6b2e" role="status">{saved ? t('alerts.saved') : ''}</Text>
              </Group>
              {save.error && <ErrorText error={save.error} />}
            </Stack>
          </Paper>
        </form>
      )}
    </Stack>
  );
}
