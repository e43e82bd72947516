/** Shows an API error in the current language, as an alert that screen readers announce. */
import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export function errorMessage(err: unknown, lang: string): string {
  if (err instanceof ApiError) return lang === 'en' ? err.problem.message.en : err.problem.message.el;
  return lang === 'en' ? 'Something went wrong.' : 'Κάτι πήγε στραβά.';
}

export function ErrorText({ error }: { error: unknown }) {
  const { i18n } = useTranslation();
  if (!error) return null;
  const fields = error instanceof ApiError ? error.problem.errors : undefined;
  return (
    <Alert color="red" role="alert" variant="light">
      {errorMessage(error, i18n.language)}
      {fields?.length ? (
        <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
          {fields.slice(0, 5).map((f) => (
            <li key={f.path}>{f.path.replace(/^body\/?/, '')}: {f.message}</li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
