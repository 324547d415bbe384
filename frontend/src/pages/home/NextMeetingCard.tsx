import { Card, Spin } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router";

import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { formatDateTime } from "../../lib/format";
import type { NextMeetingState } from "./useNextMeeting";
import "./home.css";

const h = t.home;

/** The next meeting's title, time and place, with what the role needs to see beneath. */
export function NextMeetingCard({
  next,
  children,
}: {
  next: NextMeetingState;
  children?: ReactNode;
}) {
  const m = next.meeting;
  return (
    <Card title={<h3 className="home-card-title">{h.nextMeeting}</h3>} className="home-card">
      <ErrorNote message={next.error} />
      {next.loading ? (
        <Spin tip={t.loading}>
          <div style={{ minHeight: 60 }} />
        </Spin>
      ) : !m ? (
        !next.error && <p className="muted">{h.noNextMeeting}</p>
      ) : (
        <>
          <Link to={`/sinh-hoat/${m.id}`} className="home-meeting-link">
            <strong>{m.title}</strong>
          </Link>
          <p className="home-meeting-facts">
            {h.at(formatDateTime(m.planned_start))}
            {m.location && (
              <>
                <br />
                {h.location(m.location)}
              </>
            )}
            <br />
            <span className="home-status">{t.meetings.status[m.status]}</span>
          </p>
          {children}
        </>
      )}
    </Card>
  );
}
