import { Spin } from "antd";
import { lazy, Suspense } from "react";
import { Link, Navigate, NavLink, Route, Routes } from "react-router";

import { useAuth, type Me } from "./auth";
import { t } from "./i18n/vi";
import { LoginPage } from "./pages/LoginPage";

// Screens other than sign-in load on demand: the first screen stays light on a phone. Each
// area owns its sub-routes (members/MembersArea, units/UnitsArea, ...), so a new screen is
// added in its area without touching this file.
const HomePage = lazy(() => import("./pages/home/HomePage"));
const MeetingsPage = lazy(() => import("./pages/meetings/MeetingsPage"));
const MeetingWorkspace = lazy(() => import("./pages/meeting/MeetingRoute"));
const MembersArea = lazy(() => import("./pages/members/MembersArea"));
const UnitsArea = lazy(() => import("./pages/units/UnitsArea"));
const RatingsArea = lazy(() => import("./pages/ratings/RatingsArea"));
const AccountPage = lazy(() => import("./pages/account/AccountPage"));
const AdminArea = lazy(() => import("./pages/admin/AdminArea"));

interface Tab {
  to: string;
  label: string;
  end?: boolean;
}

/** The tab bar for a role: a member follows their own record, committees oversee. */
export function tabsFor(me: Me): Tab[] {
  const tabs: Tab[] = [
    { to: "/", label: t.nav.home, end: true },
    { to: "/sinh-hoat", label: t.nav.meetings },
  ];
  if (me.role === "member") {
    if (me.member_id) tabs.push({ to: `/dang-vien/${me.member_id}`, label: t.nav.personal });
    tabs.push({ to: "/to-chuc", label: t.nav.cell });
  } else {
    tabs.push({ to: "/dang-vien", label: t.nav.members });
    tabs.push({ to: "/to-chuc", label: me.role === "cell_secretary" ? t.nav.cell : t.nav.units });
    tabs.push({ to: "/danh-gia", label: t.nav.ratings });
  }
  // Seven tabs do not fit a 360 px phone: the administrator reaches the account from the
  // name in the top bar, as everyone can.
  if (me.role === "admin") tabs.push({ to: "/quan-tri", label: t.nav.admin });
  else tabs.push({ to: "/tai-khoan", label: t.nav.account });
  return tabs;
}

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
        <Link to="/tai-khoan" className="topbar-account" aria-label={t.nav.accountOf(me.full_name)}>
          {me.full_name}
        </Link>
      </header>
      <nav className="tabbar" aria-label={t.appTitle}>
        {tabsFor(me).map((tab) => (
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
            <Route path="/dang-vien/*" element={<MembersArea />} />
            <Route path="/to-chuc/*" element={<UnitsArea />} />
            <Route path="/danh-gia/*" element={<RatingsArea />} />
            <Route path="/tai-khoan" element={<AccountPage />} />
            {me.role === "admin" && <Route path="/quan-tri/*" element={<AdminArea />} />}
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </main>
    </div>
  );
}
