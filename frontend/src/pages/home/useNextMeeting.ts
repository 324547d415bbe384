import { useEffect, useState } from "react";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { t } from "../../i18n/vi";
import { nextMeeting, readiness, type Need } from "./readiness";

type S = components["schemas"];
export type Meeting = S["MeetingRead"];
export type Document = S["DocumentRead"];

const DAY = 24 * 3600 * 1000;

export interface NextMeetingState {
  meeting: Meeting | null;
  loading: boolean;
  error: string | null;
}

/** The unit's next meeting (in progress, or the first planned); null when none is planned. */
export function useNextMeeting(unitId: number): NextMeetingState {
  const [state, setState] = useState<NextMeetingState>({
    meeting: null,
    loading: true,
    error: null,
  });
  useEffect(() => {
    let current = true;
    const now = new Date();
    // From two days back: a meeting that began earlier and is still in progress counts.
    const from = new Date(now.getTime() - 2 * DAY).toISOString();
    api
      .GET("/api/v1/meetings", {
        params: { query: { unit_id: unitId, starts_from: from, limit: 50 } },
      })
      .then(({ data, error }) => {
        if (!current) return;
        if (data) setState({ meeting: nextMeeting(data.items, now), loading: false, error: null });
        else
          setState({
            meeting: null,
            loading: false,
            error: errorOf(error, t.errors.generic).message,
          });
      })
      .catch(() => current && setState({ meeting: null, loading: false, error: t.errors.network }));
    return () => {
      current = false;
    };
  }, [unitId]);
  return state;
}

/** The documents of a meeting, as the caller may see them (members: those sent to them). */
export function useDocuments(meetingId: number | null): Document[] | null {
  const [docs, setDocs] = useState<Document[] | null>(null);
  useEffect(() => {
    setDocs(null);
    if (meetingId === null) return;
    let current = true;
    api
      .GET("/api/v1/meetings/{meeting_id}/documents", {
        params: { path: { meeting_id: meetingId } },
      })
      .then(({ data }) => current && setDocs(data ?? []))
      .catch(() => current && setDocs([]));
    return () => {
      current = false;
    };
  }, [meetingId]);
  return docs;
}

/** What the meeting still needs, from its documents, the cell's committee meetings and norms. */
export function useReadiness(meeting: Meeting | null): {
  needs: Need[] | null;
  error: string | null;
} {
  const [result, setResult] = useState<{ needs: Need[] | null; error: string | null }>({
    needs: null,
    error: null,
  });
  useEffect(() => {
    setResult({ needs: null, error: null });
    if (!meeting) return;
    let current = true;
    const planned = Date.parse(meeting.planned_start);
    const path = { meeting_id: meeting.id };
    Promise.all([
      api.GET("/api/v1/meetings/{meeting_id}/documents", { params: { path } }),
      api.GET("/api/v1/meetings", {
        params: {
          query: {
            unit_id: meeting.unit_id,
            meeting_type: "committee",
            starts_from: new Date(planned - 21 * DAY).toISOString(),
            starts_before: meeting.planned_start,
            limit: 50,
          },
        },
      }),
      meeting.preparation_meeting_id
        ? api.GET("/api/v1/meetings/{meeting_id}", {
            params: { path: { meeting_id: meeting.preparation_meeting_id } },
          })
        : Promise.resolve({ data: undefined }),
      api.GET("/api/v1/meeting-norms", {
        params: { query: { unit_id: meeting.unit_id, on: meeting.planned_start.slice(0, 10) } },
      }),
    ])
      .then(([docs, committee, prep, norms]) => {
        if (!current) return;
        if (!docs.data || !committee.data) {
          const failure = docs.error ?? committee.error;
          setResult({ needs: null, error: errorOf(failure, t.errors.generic).message });
          return;
        }
        const committees = [...committee.data.items];
        if (prep.data && !committees.some((c) => c.id === prep.data?.id))
          committees.push(prep.data);
        setResult({
          needs: readiness(meeting, docs.data, committees, norms.data?.rules ?? {}, new Date()),
          error: null,
        });
      })
      .catch(() => current && setResult({ needs: null, error: t.errors.network }));
    return () => {
      current = false;
    };
  }, [meeting]);
  return result;
}
