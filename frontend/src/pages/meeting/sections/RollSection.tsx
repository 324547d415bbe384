import { App, Button, Tag } from "antd";
import { useEffect, useRef, useState } from "react";

import { api } from "../../../api/client";
import type { components } from "../../../api/schema";
import { ErrorNote } from "../../../components/ErrorNote";
import { t } from "../../../i18n/vi";
import { formatTime } from "../../../lib/format";
import { useWorkspace } from "../context";
import { QuorumNote } from "../QuorumNote";
import { useAction, useLoad } from "../hooks";
import { nextMark, presentOutsideBase } from "../logic";
import { ReasonDialog } from "../ReasonDialog";
import type { AttendanceStatus, Roll, RollRow } from "../types";

const w = t.workspace.roll;
const STATUSES: AttendanceStatus[] = ["present", "late", "excused", "unexcused"];
// Check-ins and marks made elsewhere are told by the live stream; while it is down, read the
// roll now and then instead.
const POLL_MS = 10_000;

// `status: null` clears a mark: the API takes it (the generated types follow once the
// client is regenerated; the cast keeps this compiling meanwhile).
type MarkBody = components["schemas"]["AttendanceMark"];

/** The check-in code, large, for members to type on their phones; rotate to replace it. */
function CheckinCode({ meetingId }: { meetingId: number }) {
  const path = { meeting_id: meetingId };
  const code = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/check-in-code", { params: { path } }),
    [meetingId],
  );
  const rotate = useAction();
  return (
    <section className="checkin-code" aria-labelledby="checkin-code-label">
      <div id="checkin-code-label" className="checkin-code-label">
        {w.code}
      </div>
      <output
        className="checkin-code-value"
        data-testid="checkin-code"
        aria-labelledby="checkin-code-label"
      >
        {code.data?.code ?? "—"}
      </output>
      <p className="muted small">{w.codeHint}</p>
      <ErrorNote message={code.error ?? rotate.error} />
      <Button
        loading={rotate.busy}
        onClick={() =>
          void rotate.run(
            () =>
              api.POST("/api/v1/meetings/{meeting_id}/check-in-code/rotate", { params: { path } }),
            (data) => code.setData(data),
          )
        }
      >
        {w.rotate}
      </Button>
    </section>
  );
}

/** Under the name: the mark in words (read-only roll), the reason, a self check-in. */
function RollNote({ row, editable }: { row: RollRow; editable: boolean }) {
  const words = [
    editable ? null : row.status ? w.status[row.status] : w.notMarked,
    row.status === "excused" && row.reason ? row.reason : null,
    row.checkin_method === "self" && row.checked_in_at
      ? w.selfCheckin(formatTime(row.checked_in_at))
      : null,
  ].filter(Boolean);
  return words.length ? <div className="muted small">{words.join(" – ")}</div> : null;
}

function RollLine({
  row,
  editable,
  busy,
  onMark,
}: {
  row: RollRow;
  editable: boolean;
  busy: boolean;
  onMark: (row: RollRow, status: AttendanceStatus) => void;
}) {
  return (
    <li className="row roll-row">
      <div className="row-main">
        <strong>{row.member_name}</strong>{" "}
        {row.member_status === "probationary" && <Tag>{w.probationary}</Tag>}
        {row.temporary_guest && <Tag className="tag-info">{w.temporaryGuest}</Tag>}
        {/* The pressed button shows the mark; the words are for the read-only roll. */}
        <RollNote row={row} editable={editable} />
      </div>
      {editable && (
        <div className="choices" role="group" aria-label={row.member_name}>
          {STATUSES.map((status) => (
            <button
              key={status}
              type="button"
              className={`choice choice-${status}`}
              aria-pressed={row.status === status}
              disabled={busy}
              onClick={() => onMark(row, status)}
            >
              <span aria-hidden="true">{w.short[status]}</span>
              <span className="sr-only">{w.status[status]}</span>
            </button>
          ))}
        </div>
      )}
    </li>
  );
}

/** A member outside the base (exempt, or attending another cell): never absent; one tap
 * marks them present when they come anyway, a second tap clears it. */
function ExcludedLine({
  row,
  editable,
  busy,
  onMark,
}: {
  row: RollRow;
  editable: boolean;
  busy: boolean;
  onMark: (row: RollRow, status: AttendanceStatus) => void;
}) {
  const came = row.status === "present" || row.status === "late";
  return (
    <li className="row roll-row excluded">
      <div className="row-main">
        <strong>{row.member_name}</strong>{" "}
        {row.excluded_from_base && <Tag>{w.exclusion[row.excluded_from_base]}</Tag>}
        <RollNote row={row} editable={editable} />
      </div>
      {editable && (
        <div className="choices one" role="group" aria-label={row.member_name}>
          <button
            type="button"
            className="choice choice-present"
            aria-pressed={came}
            disabled={busy}
            onClick={() => onMark(row, row.status === "late" ? "late" : "present")}
          >
            {w.cameAnyway}
          </button>
        </div>
      )}
    </li>
  );
}

/** Roll call: one tap per member; exempt and transferred members apart; the code and the rate. */
export function RollSection() {
  const { meeting, rollTick, rollChanged, speakers } = useWorkspace();
  const { message } = App.useApp();
  const path = { meeting_id: meeting.id };
  const roll = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/attendance", { params: { path } }),
    [meeting.id],
  );
  const mark = useAction();
  const reasonAction = useAction();
  const [asking, setAsking] = useState<RollRow | null>(null);
  const running = meeting.status === "in_progress";
  const editable = running || meeting.status === "held";
  const { reload } = roll;

  // The roll changed (marked here, or a member checked in: the live stream tells).
  const firstTick = useRef(rollTick);
  useEffect(() => {
    if (rollTick !== firstTick.current) reload();
  }, [rollTick, reload]);
  // The stream is down: read the roll now and then.
  const streamUp = speakers.live === "open";
  useEffect(() => {
    if (!running || streamUp) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [running, streamUp, reload]);

  const data: Roll | null = roll.data;
  const put = (row: RollRow, status: AttendanceStatus | null, reason: string | null, act = mark) =>
    act.run(
      () =>
        api.PUT("/api/v1/meetings/{meeting_id}/attendance/{member_id}", {
          params: { path: { ...path, member_id: row.member_id } },
          body: { status, reason } as MarkBody,
        }),
      () => {
        setAsking(null);
        rollChanged();
      },
    );

  const onMark = (row: RollRow, tapped: AttendanceStatus) => {
    const status = nextMark(row.status ?? null, tapped);
    if (status === "excused") setAsking(row);
    else void put(row, status, null);
  };

  if (!data) return <ErrorNote message={roll.error} />;
  if (data.rows.length === 0) return <p className="muted">{w.notBuilt}</p>;
  const counted = data.rows.filter((r) => !r.excluded_from_base);
  const excluded = data.rows.filter((r) => r.excluded_from_base);
  const unmarked = counted.filter((r) => !r.status);
  const s = data.summary;

  return (
    <div className="ws-section">
      {running && <CheckinCode meetingId={meeting.id} />}
      <p className="roll-summary" role="status">
        {w.summary({
          present: s.present,
          base: s.base,
          rate: s.rate,
          late: s.late,
          excused: s.excused,
          unexcused: s.unexcused,
          notMarked: s.not_marked,
          outside: presentOutsideBase(data.rows),
        })}
      </p>
      <QuorumNote quorum={s.quorum} />
      <ErrorNote message={roll.error ?? mark.error} />
      {editable && <p className="muted small">{w.tapHint}</p>}
      {editable && unmarked.length > 0 && (
        <Button
          block
          loading={mark.busy}
          onClick={() =>
            void mark.run(
              () =>
                api.POST("/api/v1/meetings/{meeting_id}/attendance/bulk", {
                  params: { path },
                  body: {
                    entries: unmarked.map((r) => ({
                      member_id: r.member_id,
                      status: "present" as const,
                    })),
                  },
                }),
              (next) => {
                roll.setData(next);
                rollChanged();
                void message.success(t.workspace.saved);
              },
            )
          }
        >
          {w.allPresent}
        </Button>
      )}
      <h3 className="ws-subtitle">{w.counted}</h3>
      <ul className="rows">
        {counted.map((row) => (
          <RollLine
            key={row.member_id}
            row={row}
            editable={editable}
            busy={mark.busy}
            onMark={onMark}
          />
        ))}
      </ul>
      {excluded.length > 0 && (
        <>
          <h3 className="ws-subtitle">{w.excluded}</h3>
          <p className="muted small">{w.excludedHint}</p>
          <ul className="rows">
            {excluded.map((row) => (
              <ExcludedLine
                key={row.member_id}
                row={row}
                editable={editable}
                busy={mark.busy}
                onMark={onMark}
              />
            ))}
          </ul>
        </>
      )}
      <ReasonDialog
        open={asking !== null}
        title={asking ? w.reasonTitle(asking.member_name) : ""}
        label={w.reason}
        okText={t.save}
        requiredMessage={w.reasonRequired}
        initial={asking?.reason ?? ""}
        busy={reasonAction.busy}
        error={reasonAction.error}
        onOk={(reason) => asking && void put(asking, "excused", reason, reasonAction)}
        onCancel={() => setAsking(null)}
      />
    </div>
  );
}
