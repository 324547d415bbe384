import { App, Button, Input } from "antd";
import { useEffect, useState } from "react";

import { api } from "../../../api/client";
import { ErrorNote } from "../../../components/ErrorNote";
import { Field } from "../../../components/Field";
import { NativeSelect } from "../../../components/NativeSelect";
import { t } from "../../../i18n/vi";
import { formatDateTime, formatTime } from "../../../lib/format";
import { useWorkspace } from "../context";
import { useAction, useConfirm } from "../hooks";
import { count, isLocked, minutesEarly } from "../logic";
import { ReasonDialog } from "../ReasonDialog";

const w = t.workspace.overview;

/** Time, place, chair and minute-taker; the steps of the meeting's life by its state. */
export function OverviewSection() {
  const { meeting, setMeeting, reload, members } = useWorkspace();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const action = useAction();
  const save = useAction();
  const cancelAction = useAction();
  const [cancelling, setCancelling] = useState(false);
  const [notice, setNotice] = useState(meeting.notice_content ?? "");
  const [people, setPeople] = useState({
    chair: "",
    minuteTaker: "",
    location: "",
    ideology: "",
  });
  useEffect(() => {
    setPeople({
      chair: meeting.chair_member_id ? String(meeting.chair_member_id) : "",
      minuteTaker: meeting.minute_taker_member_id ? String(meeting.minute_taker_member_id) : "",
      location: meeting.location ?? "",
      ideology: meeting.ideology_minutes === null ? "" : String(meeting.ideology_minutes),
    });
  }, [meeting]);

  const locked = isLocked(meeting.status);
  const path = { meeting_id: meeting.id };
  const nameOf = (id: number | null) =>
    members.find((m) => m.id === id)?.full_name ?? t.workspace.notSet;
  const memberChoices = members.map((m) => ({ value: m.id, label: m.full_name }));
  const canStartFromDraft =
    meeting.meeting_type === "extraordinary" || meeting.meeting_type === "committee";

  // A refused step may come from a stale copy (changed on another device): read it again, so
  // that the next try goes through. The workspace redraws for the new state, so the reason is
  // said in a message that outlives this section.
  const step = async (kind: "announce" | "start" | "end", done: string) => {
    await action.run(
      () => {
        const version = meeting.version;
        if (kind === "announce")
          return api.POST("/api/v1/meetings/{meeting_id}/announce", {
            params: { path },
            body: { version, notice_content: notice.trim() || null, notify_follower: true },
          });
        if (kind === "start")
          return api.POST("/api/v1/meetings/{meeting_id}/start", {
            params: { path },
            body: { version },
          });
        return api.POST("/api/v1/meetings/{meeting_id}/end", {
          params: { path },
          body: { version },
        });
      },
      (data) => {
        setMeeting(data);
        void message.success(done);
      },
      (refused) => {
        void message.error({ content: w.stepRefused(refused), duration: 8 });
        reload();
      },
    );
  };

  const savePeople = () =>
    save.run(
      () =>
        api.PATCH("/api/v1/meetings/{meeting_id}", {
          params: { path },
          body: {
            version: meeting.version,
            chair_member_id: people.chair ? Number(people.chair) : null,
            minute_taker_member_id: people.minuteTaker ? Number(people.minuteTaker) : null,
            location: people.location.trim() || null,
            ...(meeting.status === "draft" || meeting.status === "announced"
              ? {}
              : { ideology_minutes: count(people.ideology) }),
          },
        }),
      (data) => {
        setMeeting(data);
        void message.success(t.workspace.saved);
      },
    );

  const cancel = (reason: string) =>
    cancelAction.run(
      () =>
        api.POST("/api/v1/meetings/{meeting_id}/cancel", {
          params: { path },
          body: { version: meeting.version, reason },
        }),
      (data) => {
        setCancelling(false);
        setMeeting(data);
        void message.success(w.cancelled);
      },
    );

  return (
    <div className="ws-section">
      <dl className="facts">
        <dt>{w.time}</dt>
        <dd>
          {formatDateTime(meeting.planned_start)} – {formatTime(meeting.planned_end)}
        </dd>
        <dt>{w.format}</dt>
        <dd>{w.format_[meeting.format]}</dd>
        <dt>{w.location}</dt>
        <dd>{meeting.location || t.workspace.notRecorded}</dd>
        <dt>{w.chair}</dt>
        <dd>{meeting.chair_member_id ? nameOf(meeting.chair_member_id) : t.workspace.notSet}</dd>
        <dt>{w.minuteTaker}</dt>
        <dd>
          {meeting.minute_taker_member_id
            ? nameOf(meeting.minute_taker_member_id)
            : t.workspace.notSet}
        </dd>
        {meeting.announced_at && (
          <>
            <dt>{w.announcedAt}</dt>
            <dd>{formatDateTime(meeting.announced_at)}</dd>
          </>
        )}
        {meeting.actual_start && (
          <>
            <dt>{w.actualStart}</dt>
            <dd>{formatDateTime(meeting.actual_start)}</dd>
          </>
        )}
        {meeting.actual_end && (
          <>
            <dt>{w.actualEnd}</dt>
            <dd>{formatDateTime(meeting.actual_end)}</dd>
          </>
        )}
      </dl>

      {meeting.status !== "draft" && meeting.notice_content && (
        <details className="notice">
          <summary>{w.notice}</summary>
          <p className="pre">{meeting.notice_content}</p>
        </details>
      )}

      <div className="ws-actions">
        {meeting.status === "draft" && (
          <Field label={w.notice} hint={w.noticeHint}>
            {(id, hint) => (
              <Input.TextArea
                id={id}
                aria-describedby={hint}
                value={notice}
                autoSize={{ minRows: 2, maxRows: 8 }}
                onChange={(e) => setNotice(e.target.value)}
              />
            )}
          </Field>
        )}
        <ErrorNote message={action.error} />
        {meeting.status === "draft" && (
          <Button
            type="primary"
            block
            loading={action.busy}
            onClick={() => void step("announce", w.announced)}
          >
            {w.announce}
          </Button>
        )}
        {(meeting.status === "announced" || (meeting.status === "draft" && canStartFromDraft)) && (
          <Button
            type={meeting.status === "announced" ? "primary" : "default"}
            block
            loading={action.busy}
            onClick={async () => {
              // Early (inside the margin the server allows): ask before starting.
              const early = minutesEarly(meeting.planned_start, Date.now());
              if (
                early > 0 &&
                !(await confirm(
                  w.startEarlyConfirm(formatDateTime(meeting.planned_start), early),
                  w.start,
                ))
              )
                return;
              await step("start", w.started);
            }}
          >
            {w.start}
          </Button>
        )}
        {meeting.status === "in_progress" && (
          <Button
            type="primary"
            block
            loading={action.busy}
            onClick={async () => {
              if (await confirm(w.endConfirm, w.end)) await step("end", w.ended);
            }}
          >
            {w.end}
          </Button>
        )}
        {meeting.status === "held" && <p className="muted">{w.heldHint}</p>}
        {(meeting.status === "draft" || meeting.status === "announced") && (
          <Button danger block onClick={() => setCancelling(true)}>
            {w.cancel}
          </Button>
        )}
      </div>
      {!locked && (
        <div className="ws-block">
          <Field label={w.chair}>
            {(id) => (
              <NativeSelect
                id={id}
                value={people.chair}
                placeholder={t.workspace.notSet}
                options={memberChoices}
                onChange={(e) => setPeople({ ...people, chair: e.target.value })}
              />
            )}
          </Field>
          <Field label={w.minuteTaker}>
            {(id) => (
              <NativeSelect
                id={id}
                value={people.minuteTaker}
                placeholder={t.workspace.notSet}
                options={memberChoices}
                onChange={(e) => setPeople({ ...people, minuteTaker: e.target.value })}
              />
            )}
          </Field>
          <Field label={w.location}>
            {(id) => (
              <Input
                id={id}
                value={people.location}
                maxLength={300}
                onChange={(e) => setPeople({ ...people, location: e.target.value })}
              />
            )}
          </Field>
          {(meeting.status === "in_progress" || meeting.status === "held") && (
            <Field label={w.ideologyMinutes}>
              {(id) => (
                <Input
                  id={id}
                  inputMode="numeric"
                  value={people.ideology}
                  onChange={(e) => setPeople({ ...people, ideology: e.target.value })}
                />
              )}
            </Field>
          )}
          <ErrorNote message={save.error} />
          <Button block onClick={() => void savePeople()} loading={save.busy}>
            {w.savePeople}
          </Button>
        </div>
      )}

      <ReasonDialog
        open={cancelling}
        title={w.cancel}
        label={w.cancelReason}
        okText={w.cancel}
        requiredMessage={w.cancelReasonRequired}
        minLength={3}
        busy={cancelAction.busy}
        error={cancelAction.error}
        onOk={(reason) => void cancel(reason)}
        onCancel={() => setCancelling(false)}
      />
    </div>
  );
}
