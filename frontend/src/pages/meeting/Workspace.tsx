import { Alert, Collapse, Tag } from "antd";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";

import { api } from "../../api/client";
import { t } from "../../i18n/vi";
import { MeetingRatingSection } from "../ratings/MeetingRatingSection";
import { formatDateTime } from "../../lib/format";
import { WorkspaceContext } from "./context";
import { useSpeakers } from "./hooks";
import { openSectionsOf, sectionsOf, type SectionKey } from "./logic";
import { AgendaSection } from "./sections/AgendaSection";
import { DocumentsSection } from "./sections/DocumentsSection";
import { MinutesSection } from "./sections/MinutesSection";
import { OverviewSection } from "./sections/OverviewSection";
import { ResolutionsSection } from "./sections/ResolutionsSection";
import { ReviewSection } from "./sections/ReviewSection";
import { RollSection } from "./sections/RollSection";
import { SpeakersSection } from "./sections/SpeakersSection";
import { VotesSection } from "./sections/VotesSection";
import type { Meeting, Member } from "./types";

const SECTIONS: Record<SectionKey, () => ReactNode> = {
  overview: () => <OverviewSection />,
  agenda: () => <AgendaSection />,
  documents: () => <DocumentsSection />,
  roll: () => <RollSection />,
  speakers: () => <SpeakersSection />,
  votes: () => <VotesSection />,
  minutes: () => <MinutesSection />,
  resolutions: () => <ResolutionsSection />,
  review: () => <ReviewSection />,
  rating: () => <MeetingRatingSection />,
};

interface Props {
  meeting: Meeting;
  setMeeting: (meeting: Meeting) => void;
  reload: () => void;
}

/** The secretary's workspace: one section per step of the meeting, as an accordion. */
export default function Workspace({ meeting, setMeeting, reload }: Props) {
  const [members, setMembers] = useState<Member[]>([]);
  const [rollTick, setRollTick] = useState(0);
  const rollChanged = useCallback(() => setRollTick((n) => n + 1), []);
  const [open, setOpen] = useState<string[]>(() => openSectionsOf(meeting.status));
  // One live stream for the whole workspace: the speakers, and word of check-ins.
  const speakers = useSpeakers(meeting.id, meeting.status === "in_progress", rollChanged);

  useEffect(() => {
    api
      .GET("/api/v1/members", { params: { query: { unit_id: meeting.unit_id, limit: 200 } } })
      .then(({ data }) => data && setMembers(data.items))
      .catch(() => undefined);
  }, [meeting.unit_id]);

  // A new state of the meeting: open what comes next.
  useEffect(() => {
    setOpen((prev) => [...new Set([...openSectionsOf(meeting.status), ...prev])]);
  }, [meeting.status]);

  const state = useMemo(
    () => ({ meeting, setMeeting, reload, members, rollTick, rollChanged, speakers }),
    [meeting, setMeeting, reload, members, rollTick, rollChanged, speakers],
  );
  const keys = sectionsOf(meeting.status, meeting.meeting_type === "regular");

  return (
    <WorkspaceContext.Provider value={state}>
      <div className="workspace">
        <header className="ws-header">
          <h2>{meeting.title}</h2>
          <div className="ws-tags">
            <Tag>{t.meetings.type[meeting.meeting_type]}</Tag>
            <Tag color="red">{t.meetings.status[meeting.status]}</Tag>
            <span className="muted">{formatDateTime(meeting.planned_start)}</span>
          </div>
        </header>
        {meeting.status === "minutes_final" && (
          <Alert type="info" showIcon title={t.workspace.lockedNotice} className="ws-notice" />
        )}
        {meeting.status === "cancelled" && (
          <Alert
            type="warning"
            showIcon
            title={t.workspace.cancelledNotice(meeting.cancel_reason ?? "")}
            className="ws-notice"
          />
        )}
        <Collapse
          activeKey={open}
          // A plain chevron: the library's icon would put an English word in each header's name.
          expandIcon={({ isActive }) => (
            <span aria-hidden="true" className={`ws-chevron ${isActive ? "open" : ""}`}>
              ›
            </span>
          )}
          onChange={(next) => setOpen(Array.isArray(next) ? next : [next])}
          items={keys.map((key) => ({
            key,
            label: <span className="ws-section-label">{t.workspace.sections[key]}</span>,
            // Remounted on each new state of the meeting: each section reads afresh.
            children: <div key={meeting.status}>{SECTIONS[key]()}</div>,
          }))}
        />
      </div>
    </WorkspaceContext.Provider>
  );
}
