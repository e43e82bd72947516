/** The protocol number, large and easy to read back, with a copy button and the way to the next call. */
import { Button, CopyButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CreatedRequest } from '../../../shared/schemas/requests';
import { pick } from '../../i18n';

/** "2026/004512" → "2026 — 4512": the year, then the number without leading zeros. */
const spoken = (protocol: string): string => {
  const [year, seq] = protocol.split('/');
  return `${year} — ${Number(seq)}`;
};

export function RegisteredPanel({ created, onNext }: { created: CreatedRequest; onNext: () => void }) {
  const { t, i18n } = useTranslation();
  const next = useRef<HTMLButtonElement>(null);
  useEffect(() => next.current?.focus(), []);
  return (
    <Paper withBorder p="xl" maw={640} mx="auto" role="status" aria-live="assertive">
      <Stack align="center" gap="sm">
        <Title order={1} size="h3">{t('intake.registered')}</Title>
        <Text c="dimmed">{t('intake.protocol')}</Text>
        <Text className="protocol-number" data-testid="protocol-number">{created.protocolNumber}</Text>
        <Text size="lg">{t('intake.readBack', { spoken: spoken(created.protocolNumber) })}</Text>
        <Text>{t('intake.department', { name: pick(created.department.name, i18n.language) })}</Text>
        <Group mt="md">
          <CopyButton value={created.protocolNumber}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy} color={copied ? 'teal' : 'blue'}>
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
          <Button component={Link} to={`/requests/${created.id}`} variant="default">{t('intake.open')}</Button>
          <Button ref={next} onClick={onNext}>{t('intake.newCall')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
