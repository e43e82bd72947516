/** The staff shell: header with role-aware navigation, language switch and sign-out. */
import { AppShell, Burger, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, NavLink as RouterLink, Outlet, useLocation, useNavigate } from 'react-router';
import type { Role } from '../../shared/roles';
import { SessionDialog } from '../features/auth/SessionDialog';
import { useInvalidateOn, useLiveEvents } from '../features/alerts/live-events';
import { MenuCountBadges, MenuCountsText, useMenuCounts } from '../features/alerts/MenuCounts';
import { useMe, useSignOut } from '../features/auth/session';
import { LanguageSwitch } from './LanguageSwitch';

const NAV: { to: string; key: string; roles: Role[] }[] = [
  { to: '/intake', key: 'nav.intake', roles: ['operator', 'supervisor', 'admin'] },
  { to: '/inbox', key: 'nav.inbox', roles: ['department_staff', 'department_head', 'supervisor', 'admin'] },
  { to: '/requests', key: 'nav.requests', roles: ['operator', 'department_staff', 'department_head', 'supervisor', 'admin'] },
  { to: '/outbox', key: 'nav.outbox', roles: ['admin', 'supervisor'] },
  { to: '/admin', key: 'nav.admin', roles: ['admin'] },
];

export function Layout() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const items = NAV.filter((n) => n.roles.includes(me.role));
  const hasInbox = items.some((n) => n.to === '/inbox');
  useLiveEvents(true);
  const counts = useMenuCounts(hasInbox).data;
  // Lists, counts and open requests refetch when the server says requests the user may see changed.
  useInvalidateOn('*', [['requests'], ['request']], 1000);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="skip-link">
        {t('app.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Text fw={700} size="lg" c="blue.9">
              {t('app.name')}
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="md">
              {t('app.tagline')}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="sm" c="dark.6">
              {me.fullName} · {t(`roles.${me.role}`)}
            </Text>
            <Button component={Link} to="/alerts" variant="subtle" size="compact-sm">
              {t('alerts.menuLink')}
            </Button>
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={async () => {
                await signOut();
                navigate('/login');
              }}
            >
              {t('nav.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('nav.menu')}>
        <Stack gap={4} justify="space-between" h="100%">
          <Stack gap={4}>
            {items.map((n) => (
              <NavLink
                key={n.to}
                component={RouterLink}
                to={n.to}
                label={n.to === '/inbox' ? <>{t(n.key)}<MenuCountsText counts={counts} /></> : t(n.key)}
                rightSection={n.to === '/inbox' ? <MenuCountBadges counts={counts} /> : undefined}
                active={location.pathname.startsWith(n.to)}
                onClick={close}
              />
            ))}
          </Stack>
          <LanguageSwitch />
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
      <SessionDialog />
    </AppShell>
  );
}
