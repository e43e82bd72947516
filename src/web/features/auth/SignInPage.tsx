import { Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { ErrorText } from '../../components/ErrorText';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { homeFor } from '../../routes';
import { useSignIn } from './session';

export function SignInPage() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const me = await signIn(String(form.get('username') ?? ''), String(form.get('password') ?? ''));
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/login' ? from : homeFor(me.role), { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={400}>
        <form onSubmit={submit} aria-labelledby="signin-title" noValidate>
          <Stack>
            <Title order={1} size="h2" id="signin-title">
              {t('app.name')} · {t('auth.title')}
            </Title>
            <TextInput name="username" label={t('auth.username')} autoComplete="username" aria-required withAsterisk autoFocus />
            <PasswordInput name="password" label={t('auth.password')} autoComplete="current-password" aria-required withAsterisk />
            <ErrorText error={error} />
            <Button type="submit" loading={busy} size="md">
              {t('auth.submit')}
            </Button>
            <LanguageSwitch />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
