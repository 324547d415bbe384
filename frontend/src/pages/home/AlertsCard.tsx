import { Card, Spin } from "antd";
import { useEffect, useState } from "react";
import { Link } from "react-router";

import { api } from "../../api/client";
import { t } from "../../i18n/vi";
import { vietnamToday } from "../units/compliance";
import "./home.css";
import { probationText } from "./probation";

const h = t.home;

interface Alert {
  key: string;
  text: string;
  to: string;
}

/** Absences, probation due and cells short of members, each linking to whom it concerns. */
export function AlertsCard({ absences }: { absences: boolean }) {
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  useEffect(() => {
    let current = true;
    const year = vietnamToday().year;
    const none = Promise.resolve({ data: [] as never[] });
    Promise.all([
      absences ? api.GET("/api/v1/attendance/alerts", { params: { query: { year } } }) : none,
      api.GET("/api/v1/members/alerts/probation-due"),
      api.GET("/api/v1/units/alerts/understaffed"),
    ])
      .then(([attendance, due, short]) => {
        if (!current) return;
        setAlerts([
          ...(attendance.data ?? []).map((a) => ({
            key: `a${a.kind}${a.member_id}`,
            text:
              a.kind === "unexcused_absences"
                ? h.unexcused(a.member_name, a.count)
                : h.excusedStreak(a.member_name, a.count),
            to: `/dang-vien/${a.member_id}`,
          })),
          // Overdue cases first, each named; then those awaiting a decision or a proposal.
          ...[...(due.data ?? [])]
            .sort((x, y) => Number(y.overdue) - Number(x.overdue))
            .map((d) => ({
              key: `p${d.member.id}`,
              text: probationText(d),
              to: `/dang-vien/${d.member.id}`,
            })),
          ...(short.data ?? []).map((s) => ({
            key: `u${s.unit.id}`,
            text: h.understaffed(s.unit.name, s.official_count),
            to: `/to-chuc/${s.unit.id}`,
          })),
        ]);
      })
      .catch(() => current && setAlerts([]));
    return () => {
      current = false;
    };
  }, [absences]);

  return (
    <Card title={<h3 className="home-card-title">{h.alerts}</h3>} className="home-card">
      {alerts === null ? (
        <Spin />
      ) : alerts.length === 0 ? (
        <p className="muted">{h.noAlerts}</p>
      ) : (
        <ul className="home-alerts">
          {alerts.map((a) => (
            <li key={a.key}>
              <Link to={a.to} className="home-alert-link">
                {a.text}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
