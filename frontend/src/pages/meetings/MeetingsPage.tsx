import { Button, List, Tag } from "antd";
import { useEffect, useState } from "react";
import { Link } from "react-router";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { useAuth } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { formatDateTime } from "../../lib/format";
import { CreateMeetingForm } from "../meeting/CreateMeetingForm";
import { managesMeetings } from "../meeting/logic";

type Meeting = components["schemas"]["MeetingRead"];

export default function MeetingsPage() {
  const [items, setItems] = useState<Meeting[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const { me } = useAuth();

  useEffect(() => {
    // The most recent year: from twelve months back.
    const from = new Date(Date.now() - 365 * 24 * 3600 * 1000).toISOString();
    api
      .GET("/api/v1/meetings", { params: { query: { starts_from: from, limit: 200 } } })
      .then(({ data, error }) =>
        data
          ? setItems([...data.items].reverse())
          : setError(errorOf(error, t.errors.generic).message),
      );
  }, []);

  return (
    <>
      <h2>{t.meetings.title}</h2>
      {me &&
        managesMeetings(me.role) &&
        (creating ? (
          <CreateMeetingForm onClose={() => setCreating(false)} />
        ) : (
          <Button
            type="primary"
            block
            onClick={() => setCreating(true)}
            style={{ marginBottom: 12 }}
          >
            {t.workspace.create.open}
          </Button>
        ))}
      <ErrorNote message={error} />
      <List
        loading={items === null && !error}
        dataSource={items ?? []}
        locale={{ emptyText: t.meetings.empty }}
        renderItem={(m) => (
          <List.Item>
            <Link to={`/sinh-hoat/${m.id}`} style={{ display: "block", width: "100%", minHeight: 44 }}>
              <strong>{m.title}</strong>
              <div className="muted">
                {formatDateTime(m.planned_start)} · {t.meetings.type[m.meeting_type]}{" "}
                <Tag>{t.meetings.status[m.status]}</Tag>
              </div>
            </Link>
          </List.Item>
        )}
      />
    </>
  );
}
