/** Shows an API error in the current language, as an alert that screen readers announce. */
import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { fieldErrors } from './field-errors';

export function errorMessage(err: unknown, lang: string): string {
  if (err instanceof ApiError) return lang === 'en' ? err.problem.message.en : err.problem.message.el;
  return lang === 'en' ? 'Something went wrong.' : 'Κάτι πήγε στραβά.';
}

/**
 * The error as an alert. Field problems are listed in the user's language (never the validator's
 * English), except those in `shownAtFields`, which the form shows beside their fields; when every
 * problem is shown there, the alert is not shown at all.
 */
export function ErrorText({ error, shownAtFields = [] }: { error: unknown; shownAtFields?: string[] }) {
  const { i18n } = useTranslation();
  if (!error) return null;
  const all = Object.entries(fieldErrors(error, i18n.language));
  const rest = all.filter(([field]) => !shownAtFields.includes(field));
  if (all.length && !rest.length) return null;
  const isValidation = error instanceof ApiError && !!error.problem.errors?.length;
  return (
    <Alert color="red" role="alert" variant="light">
      {errorMessage(error, i18n.language)}
      {isValidation && rest.length ? (
        <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
          {rest.slice(0, 5).map(([field, text]) => (
            <li key={field}>{field}: {text}</li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
