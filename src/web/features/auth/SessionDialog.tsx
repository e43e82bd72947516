/**
 * "Your session has ended": a sign-in dialog over whatever screen the user is on, opened by the API
 * client when a call meets an ended session. Signing in again sends the waiting calls again, so a
 * half-typed call or a pressed Ctrl+Enter is not lost. The user name is the same person's; another
 * person signs out instead (which also clears the drafts kept in this browser).
 */
import { Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { sessionPrompt } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useMe, useSignIn, useSignOut } from './session';

export function SessionDialog() {
  const { t } = useTranslation();
  const open = useSyncExternalStore(sessionPrompt.subscribe, sessionPrompt.isOpen);
  const me = useMe().data;
  const signIn = useSignIn();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get('password') ?? '');
    setBusy(true);
    setError(null);
    try {
      await signIn(me?.username ?? '', password);
      sessionPrompt.signedIn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const leave = async () => {
    sessionPrompt.dismiss();
    await signOut();
    navigate('/login');
  };

  return (
    <Modal opened={open} onClose={() => sessionPrompt.dismiss()} title={t('authx.expiredTitle')} centered trapFocus closeOnClickOutside={false} zIndex={400} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate aria-label={t('authx.expiredTitle')}>
        <Stack>
          <Text size="sm">{t('authx.expiredText')}</Text>
          <TextInput label={t('auth.username')} value={me?.username ?? ''} readOnly autoComplete="username" />
          <PasswordInput name="password" label={t('auth.password')} autoComplete="current-password" aria-required data-autofocus data-testid="reauth-password" />
          <ErrorText error={error} />
          <Group justify="space-between">
            <Button variant="subtle" color="gray" onClick={leave}>{t('authx.signOutInstead')}</Button>
            <Button type="submit" loading={busy}>{t('auth.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
