import { Card, List, Space, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link } from "react-router";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { useAuth } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { formatDateTime } from "../../lib/format";

type Meeting = components["schemas"]["MeetingRead"];

export default function HomePage() {
  const { me } = useAuth();
  const [next, setNext] = useState<Meeting | null>(null);
  const [alerts, setAlerts] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const now = new Date().toISOString();
    api
      .GET("/api/v1/meetings", { params: { query: { starts_from: now, limit: 1 } } })
      .then(({ data, error }) =>
        data ? setNext(data.items[0] ?? null) : setError(errorOf(error, t.errors.generic).message),
      );
    Promise.all([
      api.GET("/api/v1/members/alerts/probation-due"),
      api.GET("/api/v1/units/alerts/understaffed"),
    ]).then(([due, short]) => {
      setAlerts([
        ...(due.data ?? []).map((d) => t.home.probationDue(d.member.full_name)),
        ...(short.data ?? []).map((s) => t.home.understaffed(s.unit.name, s.official_count)),
      ]);
    });
  }, []);

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t.home.greeting(me?.full_name ?? "")}
      </Typography.Title>
      <ErrorNote message={error} />
      <Card title={t.home.nextMeeting}>
        {next ? (
          <Link to={`/sinh-hoat/${next.id}`}>
            <Space direction="vertical" size={2}>
              <strong>{next.title}</strong>
              <span>{formatDateTime(next.planned_start)}</span>
              <Tag>{t.meetings.status[next.status]}</Tag>
            </Space>
          </Link>
        ) : (
          <span className="muted">{t.home.noNextMeeting}</span>
        )}
      </Card>
      <Card title={t.home.alerts}>
        <List
          dataSource={alerts}
          locale={{ emptyText: t.home.noAlerts }}
          renderItem={(text) => <List.Item>{text}</List.Item>}
        />
      </Card>
    </Space>
  );
}
