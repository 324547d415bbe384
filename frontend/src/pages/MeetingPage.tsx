import { Card, Descriptions, List, Tag } from "antd";
import { useEffect, useState } from "react";
import { useParams } from "react-router";

import { api, errorOf } from "../api/client";
import type { components } from "../api/schema";
import { ErrorNote } from "../components/ErrorNote";
import { t } from "../i18n/vi";
import { formatDateTime } from "../lib/format";

type Detail = components["schemas"]["MeetingDetail"];

export default function MeetingPage() {
  const { id } = useParams();
  const [meeting, setMeeting] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .GET("/api/v1/meetings/{meeting_id}", { params: { path: { meeting_id: Number(id) } } })
      .then(({ data, error }) =>
        data ? setMeeting(data) : setError(errorOf(error, t.errors.notFound).message),
      );
  }, [id]);

  if (error) return <ErrorNote message={error} />;
  if (!meeting) return null;
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{meeting.title}</h2>}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t.meetings.at}>{formatDateTime(meeting.planned_start)}</Descriptions.Item>
        <Descriptions.Item label={t.meetings.location}>{meeting.location ?? t.none}</Descriptions.Item>
        <Descriptions.Item label="">
          <Tag>{t.meetings.type[meeting.meeting_type]}</Tag>
          <Tag color="red">{t.meetings.status[meeting.status]}</Tag>
        </Descriptions.Item>
      </Descriptions>
      <h3>{t.meetings.agenda}</h3>
      <List
        size="small"
        dataSource={meeting.agenda}
        renderItem={(item) => (
          <List.Item>
            {item.position}. {item.title}
            {item.planned_minutes ? <span className="muted"> · {item.planned_minutes}′</span> : null}
          </List.Item>
        )}
      />
    </Card>
  );
}
