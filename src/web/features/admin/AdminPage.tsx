/**
 * Administration: departments, categories and their routing, users and roles, municipality
 * settings. Each section has its own address (/admin/<section>), so a tab can be linked to.
 */
import { Stack, Tabs, Title } from '@mantine/core';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { CategoriesAdmin } from './CategoriesAdmin';
import { DepartmentsAdmin } from './DepartmentsAdmin';
import { SettingsAdmin } from './SettingsAdmin';
import { TemplatesAdmin } from '../notifications/TemplatesAdmin';
import { UsersAdmin } from './UsersAdmin';

const SECTIONS = {
  departments: DepartmentsAdmin,
  categories: CategoriesAdmin,
  users: UsersAdmin,
  settings: SettingsAdmin,
  messages: TemplatesAdmin,
} as const;
type Section = keyof typeof SECTIONS;
const isSection = (s: string | undefined): s is Section => !!s && s in SECTIONS;

export function AdminPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const section = useParams()['*']?.split('/')[0];
  if (!isSection(section)) return <Navigate to="/admin/departments" replace />;

  return (
    <Stack gap="md">
      <Title order={1} size="h3">
        {t('admin.title')}
      </Title>
      <Tabs value={section} onChange={(v) => v && navigate(`/admin/${v}`)} keepMounted={false}>
        <Tabs.List>
          {(Object.keys(SECTIONS) as Section[]).map((s) => (
            <Tabs.Tab key={s} value={s}>
              {t(`admin.tabs.${s}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {(Object.entries(SECTIONS) as [Section, ComponentType][]).map(([s, Panel]) => (
          <Tabs.Panel key={s} value={s} pt="md">
            {s === section && <Panel />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
