import { Spin } from "antd";
import { lazy, Suspense } from "react";
import { Navigate, NavLink, Route, Routes } from "react-router";

import { useAuth } from "./auth";
import { t } from "./i18n/vi";
import { LoginPage } from "./pages/LoginPage";

// Screens other than sign-in load on demand: the first screen stays light on a phone.
const HomePage = lazy(() => import("./pages/HomePage"));
const MeetingsPage = lazy(() => import("./pages/MeetingsPage"));
const MeetingWorkspace = lazy(() => import("./pages/meeting/MeetingRoute"));
const MembersPage = lazy(() => import("./pages/MembersPage"));
const AccountPage = lazy(() => import("./pages/AccountPage"));

const TABS = [
  { to: "/", label: t.nav.home, end: true },
  { to: "/sinh-hoat", label: t.nav.meetings },
  { to: "/dang-vien", label: t.nav.members },
  { to: "/tai-khoan", label: t.nav.account },
];

export function App() {
  const { me, ready } = useAuth();
  if (!ready) return <Spin fullscreen tip={t.loading} />;
  if (!me) {
    return (
      <Routes>
        <Route path="*" element={<LoginPage />} />
      </Routes>
    );
  }
  return (
    <div className="shell">
      <header className="topbar">
        <h1>{t.appName}</h1>
        <span>{me.full_name}</span>
      </header>
      <nav className="tabbar" aria-label={t.appTitle}>
        {TABS.map((tab) => (
          <NavLink key={tab.to} to={tab.to} end={tab.end}>
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <main className="page">
        <Suspense fallback={<Spin tip={t.loading} />}>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/sinh-hoat" element={<MeetingsPage />} />
            <Route path="/sinh-hoat/:id" element={<MeetingWorkspace />} />
            <Route path="/dang-vien" element={<MembersPage />} />
            <Route path="/tai-khoan" element={<AccountPage />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </main>
    </div>
  );
}
