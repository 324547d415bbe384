import { Spin } from "antd";
import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router";

import { api, errorOf } from "../../api/client";
import { useAuth } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { managesMeetings } from "./logic";
import { MeetingTheme } from "./MeetingTheme";
import type { Meeting } from "./types";

// The secretary's workspace and the member's view load apart: a member's phone never
// downloads the manager's screens.
const Workspace = lazy(() => import("./Workspace"));
const MemberView = lazy(() => import("./MemberView"));

/** /sinh-hoat/:id — the workspace for those who run the meeting, the live view for members. */
export default function MeetingRoute() {
  const { id } = useParams();
  const { me } = useAuth();
  const meetingId = Number(id);
  const [meeting, setMeeting] = useState<Meeting | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    if (!Number.isInteger(meetingId)) {
      setError(t.workspace.notFound);
      return;
    }
    api
      .GET("/api/v1/meetings/{meeting_id}", { params: { path: { meeting_id: meetingId } } })
      .then(({ data, error: failure, response }) => {
        if (data) {
          setMeeting(data);
          setError(null);
        } else if (response.status === 404) {
          // Missing, or outside the caller's units (the API does not say which).
          setError(t.workspace.notFound);
        } else setError(errorOf(failure, t.errors.generic).message);
      })
      .catch(() => setError(t.errors.network));
  }, [meetingId]);

  useEffect(() => {
    setMeeting(null);
    reload();
  }, [reload]);

  if (error && !meeting)
    return (
      <div className="workspace">
        <ErrorNote message={error} />
        <Link to="/sinh-hoat" className="ws-back">
          {t.workspace.backToList}
        </Link>
      </div>
    );
  if (!meeting || !me)
    return <Spin tip={t.workspace.loadingMeeting}>{<div style={{ minHeight: 80 }} />}</Spin>;
  const View = managesMeetings(me.role) ? Workspace : MemberView;
  return (
    <MeetingTheme>
      <Suspense fallback={<Spin />}>
        <View meeting={meeting} setMeeting={setMeeting} reload={reload} />
      </Suspense>
    </MeetingTheme>
  );
}
