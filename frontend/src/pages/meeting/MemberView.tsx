import { App, Button, Input, Tag } from "antd";
import { useCallback, useEffect, useId, useState } from "react";

import { api } from "../../api/client";
import { useAuth } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { formatDateTime, formatTime } from "../../lib/format";
import { DocumentList } from "./DocumentList";
import { useAction, useLoad, useSpeakers } from "./hooks";
import { concerns } from "./logic";
import { CurrentSpeaker, LiveBadge } from "./Speakers";
import type { Meeting, RollRow } from "./types";

const l = t.live;

/** Check in with the code on the secretary's screen: a big input and a big button. */
function CheckIn({ meetingId, onDone }: { meetingId: number; onDone: (row: RollRow) => void }) {
  const id = useId();
  const [code, setCode] = useState("");
  const [missing, setMissing] = useState(false);
  const act = useAction();
  return (
    <form
      className="ws-block checkin"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!code.trim()) {
          setMissing(true);
          return;
        }
        void act.run(
          () =>
            api.POST("/api/v1/meetings/{meeting_id}/check-in", {
              params: { path: { meeting_id: meetingId } },
              body: { code: code.trim() },
            }),
          onDone,
        );
      }}
    >
      <h3 id={`${id}-title`} className="ws-subtitle">
        {l.checkIn}
      </h3>
      <label htmlFor={id} className="field-label">
        {l.checkInCode}
      </label>
      <Input
        id={id}
        className="checkin-input"
        value={code}
        autoComplete="off"
        autoCapitalize="characters"
        inputMode="text"
        maxLength={12}
        aria-describedby={`${id}-hint`}
        aria-invalid={missing}
        onChange={(e) => {
          setCode(e.target.value);
          setMissing(false);
        }}
      />
      <p id={`${id}-hint`} className="muted small">
        {l.checkInHint}
      </p>
      {missing && (
        <div role="alert" className="field-error">
          {l.checkInRequired}
        </div>
      )}
      <ErrorNote message={act.error} />
      <Button htmlType="submit" type="primary" size="large" block loading={act.busy}>
        {l.checkInSubmit}
      </Button>
    </form>
  );
}

/** Current speaker, queue, asking for the floor and checking in, while the meeting runs. */
function LivePanel({
  meeting,
  onStatus,
}: {
  meeting: Meeting;
  onStatus: (status: string) => void;
}) {
  const { me } = useAuth();
  const { message } = App.useApp();
  const path = { meeting_id: meeting.id };
  const roll = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/attendance", { params: { path } }),
    [meeting.id],
  );
  const [mine, setMine] = useState<RollRow | null>(null);
  // The secretary marks the member (or clears a mark): read the roll again, but only for a
  // change of the member's own row (phones do not all re-read it on every check-in).
  const { reload: reloadRoll } = roll;
  const memberId = me?.member_id;
  const onRollChange = useCallback(
    (memberIds: number[] | null) => {
      if (concerns(memberIds, memberId)) reloadRoll();
    },
    [reloadRoll, memberId],
  );
  const { state, accept, offset, live } = useSpeakers(meeting.id, true, onRollChange);
  const act = useAction();

  useEffect(() => {
    setMine(roll.data?.rows.find((r) => r.member_id === me?.member_id) ?? null);
  }, [roll.data, me?.member_id]);

  useEffect(() => {
    if (state && state.meeting_status !== meeting.status) onStatus(state.meeting_status);
  }, [state, meeting.status, onStatus]);

  if (meeting.status !== "in_progress") {
    return (
      <p className="muted live-wait">
        {meeting.status === "draft" || meeting.status === "announced" ? l.notRunning : l.over}
      </p>
    );
  }
  if (!state) return null;

  const present = mine?.status === "present" || mine?.status === "late";
  const myWaiting = state.queue.find((s) => s.member_id === me?.member_id) ?? null;
  const place = myWaiting ? state.queue.indexOf(myWaiting) + 1 : 0;
  const speakingNow = state.current?.member_id === me?.member_id;

  return (
    <div className="live">
      <LiveBadge live={live} />
      {roll.data && !mine && <p className="muted">{l.notOnRoll}</p>}
      {mine && !present && (
        <CheckIn
          meetingId={meeting.id}
          onDone={(row) => {
            setMine(row);
            void message.success(l.checkedIn(formatTime(row.checked_in_at ?? new Date())));
          }}
        />
      )}
      {mine && present && (
        <p className="ok" role="status">
          {mine.checkin_method === "self" && mine.checked_in_at
            ? l.checkedIn(formatTime(mine.checked_in_at))
            : l.markedBySecretary(t.workspace.roll.status[mine.status ?? "present"])}
        </p>
      )}

      <CurrentSpeaker speech={state.current} offset={offset} />
      {speakingNow && <p className="ok">{l.youSpeak}</p>}

      {mine && (
        <div className="ask">
          <ErrorNote message={act.error} />
          {myWaiting ? (
            <>
              <p role="status">{l.yourTurn(place)}</p>
              <Button
                size="large"
                block
                loading={act.busy}
                onClick={() =>
                  void act.run(
                    () =>
                      api.POST("/api/v1/meetings/{meeting_id}/speakers/{speech_id}/withdraw", {
                        params: { path: { ...path, speech_id: myWaiting.id } },
                      }),
                    (next) => {
                      accept(next);
                      void message.success(l.withdrawn);
                    },
                  )
                }
              >
                {l.withdraw}
              </Button>
            </>
          ) : present ? (
            !speakingNow && (
              <Button
                type="primary"
                size="large"
                block
                className="ask-button"
                loading={act.busy}
                onClick={() =>
                  void act.run(
                    () =>
                      api.POST("/api/v1/meetings/{meeting_id}/speakers", {
                        params: { path },
                        body: { kind: "contribution" },
                      }),
                    () => void message.success(l.asked),
                  )
                }
              >
                {l.ask}
              </Button>
            )
          ) : (
            <p className="muted">{l.checkInFirst}</p>
          )}
        </div>
      )}

      <h3 className="ws-subtitle">{l.queue}</h3>
      {state.queue.length === 0 ? (
        <p className="muted">{l.queueEmpty}</p>
      ) : (
        <ol className="rows" aria-label={l.queue}>
          {state.queue.map((speech, index) => (
            <li key={speech.id} className="row">
              {index + 1}. {speech.member_name}{" "}
              {speech.member_id === me?.member_id && <Tag className="tag-bad">{l.you}</Tag>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

interface Props {
  meeting: Meeting;
  setMeeting: (meeting: Meeting) => void;
  reload: () => void;
}

/** A member's view of a meeting: the live panel while it runs, then the agenda and documents. */
export default function MemberView({ meeting, reload }: Props) {
  const path = { meeting_id: meeting.id };
  const docs = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/documents", { params: { path } }),
    [meeting.id],
  );
  const following =
    meeting.status === "draft" ||
    meeting.status === "announced" ||
    meeting.status === "in_progress";

  return (
    <div className="workspace member-view">
      <header className="ws-header">
        <h2>{meeting.title}</h2>
        <div className="ws-tags">
          <Tag>{t.meetings.type[meeting.meeting_type]}</Tag>
          <Tag color="red">{t.meetings.status[meeting.status]}</Tag>
        </div>
        <p className="muted">
          {formatDateTime(meeting.planned_start)}
          {meeting.location ? ` · ${meeting.location}` : ""}
        </p>
      </header>
      {following && <LivePanel meeting={meeting} onStatus={reload} />}
      <section className="ws-card">
        <h3>{t.meetings.agenda}</h3>
        {meeting.agenda.length === 0 ? (
          <p className="muted">{t.workspace.agenda.empty}</p>
        ) : (
          <ol className="rows">
            {meeting.agenda.map((item) => (
              <li key={item.id} className="row">
                {item.position}. {item.title}
                {item.planned_minutes ? (
                  <span className="muted"> · {t.workspace.minutesShort(item.planned_minutes)}</span>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="ws-card">
        <h3>{t.workspace.sections.documents}</h3>
        <ErrorNote message={docs.error} />
        <DocumentList documents={docs.data ?? []} showSent={false} />
      </section>
    </div>
  );
}
