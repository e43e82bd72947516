/**
 * The outcome of a call: the protocol number, large and easy to read back, with a copy button and
 * the way to the next call; and whether a message will go to the citizen. A call linked to an
 * existing request shows that request's number instead.
 */
import { Alert, Button, CopyButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CreatedRequestAnswer } from '../../../shared/schemas/requests';
import { pick } from '../../i18n';

/** "2026/004512" → "2026 — 4512": the year, then the number without leading zeros. */
const spoken = (protocol: string): string => {
  const [year, seq] = protocol.split('/');
  return `${year} — ${Number(seq)}`;
};

export type CallOutcome =
  | { kind: 'registered'; created: CreatedRequestAnswer; consented: boolean }
  | { kind: 'linked'; id: string; protocolNumber: string };

/** What the operator can tell the caller about messages: one line per queued message, or why there are none. */
function MessagesNotice({ created, consented }: { created: CreatedRequestAnswer; consented: boolean }) {
  const { t } = useTranslation();
  if (!created.messages.length) {
    return <Text data-testid="message-notice">{t(consented ? 'con.messages.noneNoContact' : 'con.messages.noneNoConsent')}</Text>;
  }
  return (
    <Stack gap={4} align="center" data-testid="message-notice">
      {created.messages.map((m) => (
        <Text key={m.channel}>{t(`con.messages.${m.channel}`, { to: m.recipient.replace(/^\+30(?=\d{10}$)/, '') })}</Text>
      ))}
      {created.messages.filter((m) => !created.providers[m.channel]).map((m) => (
        <Alert key={m.channel} color="orange" variant="light" p="xs">{t('con.messages.noProvider', { channel: m.channel === 'sms' ? 'SMS' : 'e-mail' })}</Alert>
      ))}
    </Stack>
  );
}

export function RegisteredPanel({ outcome, onNext }: { outcome: CallOutcome; onNext: () => void }) {
  const { t, i18n } = useTranslation();
  const next = useRef<HTMLButtonElement>(null);
  useEffect(() => next.current?.focus(), []);
  const id = outcome.kind === 'registered' ? outcome.created.id : outcome.id;
  const protocolNumber = outcome.kind === 'registered' ? outcome.created.protocolNumber : outcome.protocolNumber;
  return (
    <Paper withBorder p="xl" maw={640} mx="auto" role="status" aria-live="assertive">
      <Stack align="center" gap="sm">
        <Title order={1} size="h3">{outcome.kind === 'registered' ? t('intake.registered') : t('con.linked', { protocol: protocolNumber })}</Title>
        <Text c="dimmed">{t('intake.protocol')}</Text>
        <Text className="protocol-number" data-testid="protocol-number">{protocolNumber}</Text>
        <Text size="lg">{t('intake.readBack', { spoken: spoken(protocolNumber) })}</Text>
        {outcome.kind === 'registered' && (
          <>
            <Text>{t('intake.department', { name: pick(outcome.created.department.name, i18n.language) })}</Text>
            <MessagesNotice created={outcome.created} consented={outcome.consented} />
          </>
        )}
        <Group mt="md">
          <CopyButton value={protocolNumber}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy} color={copied ? 'teal' : 'blue'}>
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
          <Button component={Link} to={`/requests/${id}`} variant="default">{t('intake.open')}</Button>
          <Button ref={next} onClick={onNext}>{t('intake.newCall')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
