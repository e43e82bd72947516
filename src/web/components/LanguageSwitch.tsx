import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Lang } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('nav.language')}
      value={i18n.language}
      onChange={(v) => setLanguage(v as Lang)}
      data={[
        { value: 'el', label: 'Ελληνικά' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}
