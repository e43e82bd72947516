/** The staff application's routes; each audience lands where its work is. Admin and heavy pages load lazily. */
import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import type { Role } from '../shared/roles';
import { Layout } from './components/Layout';
import { SignInPage } from './features/auth/SignInPage';
import { useMe } from './features/auth/session';

const loadIntake = () => import('./features/intake/IntakePage');
// The console is what operators open first thing and after every sign-in: fetch its code while the
// session is being checked instead of after, so the two round trips overlap.
if (typeof location !== 'undefined' && (location.pathname === '/intake' || location.pathname === '/')) void loadIntake();
const IntakePage = lazy(() => loadIntake().then((m) => ({ default: m.IntakePage })));
const RequestsPage = lazy(() => import('./features/requests/RequestsPage').then((m) => ({ default: m.RequestsPage })));
const RequestPage = lazy(() => import('./features/requests/RequestPage').then((m) => ({ default: m.RequestPage })));
const InboxPage = lazy(() => import('./features/requests/InboxPage').then((m) => ({ default: m.InboxPage })));
const RepliesPage = lazy(() => import('./features/requests/RepliesPage').then((m) => ({ default: m.RepliesPage })));
const AdminPage = lazy(() => import('./features/admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const OutboxPage = lazy(() => import('./features/notifications/OutboxPage').then((m) => ({ default: m.OutboxPage })));
const AlertPreferencesPage = lazy(() => import('./features/alerts/AlertPreferencesPage').then((m) => ({ default: m.AlertPreferencesPage })));
const TrackPage = lazy(() => import('./features/tracking/TrackPage').then((m) => ({ default: m.TrackPage })));

export const homeFor = (role: Role): string =>
  role === 'operator' ? '/intake' : role === 'department_staff' || role === 'department_head' ? '/inbox' : '/requests';

const spinner = (
  <Center p="xl">
    <Loader aria-label="…" />
  </Center>
);

/** Renders children only for a signed-in user (and one of `roles`, if given). */
function RequireUser({ children, roles }: { children: ReactNode; roles?: Role[] }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return spinner;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (roles && !roles.includes(me.data.role)) return <Navigate to={homeFor(me.data.role)} replace />;
  return <Suspense fallback={spinner}>{children}</Suspense>;
}

function Home() {
  const me = useMe();
  if (me.isPending) return spinner;
  return <Navigate to={me.data ? homeFor(me.data.role) : '/login'} replace />;
}

export const router = createBrowserRouter([
  { path: '/login', element: <SignInPage /> },
  // The citizens' public tracking page: outside the staff shell, no sign-in.
  { path: '/track', element: <Suspense fallback={spinner}><TrackPage /></Suspense> },
  { path: '/track/:year/:seq', element: <Suspense fallback={spinner}><TrackPage /></Suspense> },
  {
    element: (
      <RequireUser>
        <Layout />
      </RequireUser>
    ),
    children: [
      { path: '/', element: <Home /> },
      { path: '/intake', element: <RequireUser roles={['operator', 'supervisor', 'admin']}><IntakePage /></RequireUser> },
      { path: '/requests', element: <RequireUser><RequestsPage /></RequireUser> },
      { path: '/requests/:id', element: <RequireUser><RequestPage /></RequireUser> },
      { path: '/inbox/replies', element: <RequireUser roles={['department_head', 'admin']}><RepliesPage /></RequireUser> },
      { path: '/inbox', element: <RequireUser roles={['department_staff', 'department_head', 'supervisor', 'admin']}><InboxPage /></RequireUser> },
      { path: '/outbox', element: <RequireUser roles={['admin', 'supervisor']}><OutboxPage /></RequireUser> },
      { path: '/alerts', element: <RequireUser><AlertPreferencesPage /></RequireUser> },
      { path: '/admin/*', element: <RequireUser roles={['admin']}><AdminPage /></RequireUser> },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);
