import { App, Button, Input, Tag } from "antd";
import { useEffect, useState } from "react";

import { api } from "../../../api/client";
import { ErrorNote } from "../../../components/ErrorNote";
import { Field } from "../../../components/Field";
import { NativeSelect } from "../../../components/NativeSelect";
import { t } from "../../../i18n/vi";
import { useWorkspace } from "../context";
import { QuorumNote } from "../QuorumNote";
import { useAction, useConfirm, useLoad } from "../hooks";
import { formatClock, isLocked, move } from "../logic";
import { CurrentSpeaker, LiveBadge } from "../Speakers";
import type { Speech, SpeechKind } from "../types";

const w = t.workspace.speakers;
// Check-ins are told by the live stream; read the roll now and then only while it is down.
const ROLL_POLL_MS = 15_000;
const KINDS: SpeechKind[] = [
  "contribution",
  "proposal",
  "report",
  "question",
  "answer",
  "self_criticism",
  "criticism",
];

/** After a speech: its kind, a short summary and a quality mark. */
function SpeechRecord({
  speech,
  meetingId,
  onSaved,
}: {
  speech: Speech;
  meetingId: number;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const save = useAction();
  const [kind, setKind] = useState<SpeechKind>(speech.kind);
  const [summary, setSummary] = useState(speech.summary ?? "");
  const [quality, setQuality] = useState(speech.quality ? String(speech.quality) : "");
  return (
    <form
      className="ws-block record"
      aria-label={w.record(speech.member_name)}
      onSubmit={(e) => {
        e.preventDefault();
        void save.run(
          () =>
            api.PATCH("/api/v1/meetings/{meeting_id}/speakers/{speech_id}", {
              params: { path: { meeting_id: meetingId, speech_id: speech.id } },
              body: {
                version: speech.version,
                kind,
                summary: summary.trim() || null,
                quality: quality ? Number(quality) : null,
              },
            }),
          () => {
            onSaved();
            void message.success(t.workspace.saved);
          },
        );
      }}
    >
      <Field label={w.kind}>
        {(id) => (
          <NativeSelect
            id={id}
            value={kind}
            options={KINDS.map((k) => ({ value: k, label: w.kind_[k] }))}
            onChange={(e) => setKind(e.target.value as SpeechKind)}
          />
        )}
      </Field>
      <Field label={w.summary}>
        {(id) => (
          <Input.TextArea
            id={id}
            value={summary}
            maxLength={2000}
            autoSize={{ minRows: 2, maxRows: 6 }}
            onChange={(e) => setSummary(e.target.value)}
          />
        )}
      </Field>
      <Field label={w.quality}>
        {(id) => (
          <NativeSelect
            id={id}
            value={quality}
            placeholder={t.workspace.notSet}
            options={Object.entries(w.quality_).map(([value, label]) => ({ value, label }))}
            onChange={(e) => setQuality(e.target.value)}
          />
        )}
      </Field>
      <ErrorNote message={save.error} />
      <Button htmlType="submit" block loading={save.busy}>
        {w.saveRecord}
      </Button>
    </form>
  );
}

/** The live list of speakers: the current speaker with a timer, the queue, what was said. */
export function SpeakersSection() {
  const { meeting, reload, rollTick, speakers } = useWorkspace();
  const confirm = useConfirm();
  const running = meeting.status === "in_progress";
  const { state, accept, offset, live } = speakers;
  const path = { meeting_id: meeting.id };
  const roll = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/attendance", { params: { path } }),
    [meeting.id],
  );
  const act = useAction();
  const [candidate, setCandidate] = useState("");
  const [recording, setRecording] = useState<number | null>(null);
  const [refresh, setRefresh] = useState(0);

  // Who may take the floor changes as people arrive: read the roll again when it changes
  // (marked here, or a check-in told by the stream), and now and then while the stream is down.
  const { reload: reloadRoll } = roll;
  useEffect(() => {
    if (running) reloadRoll();
  }, [running, reloadRoll, rollTick]);
  useEffect(() => {
    if (!running || live === "open") return;
    const timer = setInterval(reloadRoll, ROLL_POLL_MS);
    return () => clearInterval(timer);
  }, [running, reloadRoll, live]);

  // The meeting closed (or opened) elsewhere: the stream says so, the workspace follows.
  const liveStatus = state?.meeting_status;
  useEffect(() => {
    if (liveStatus && liveStatus !== meeting.status) reload();
  }, [liveStatus, meeting.status, reload]);

  // Re-read the list after a record is saved (the stream carries it too while running).
  useEffect(() => {
    if (refresh === 0) return;
    api
      .GET("/api/v1/meetings/{meeting_id}/speakers", { params: { path } })
      .then(({ data }) => data && accept(data))
      .catch(() => undefined);
  }, [refresh]);

  if (!state) return null;
  const current = state.current;
  const queue = state.queue;
  const editable = !isLocked(meeting.status);
  const speaking = new Set([
    ...queue.map((s) => s.member_id),
    ...(current ? [current.member_id] : []),
  ]);
  const present = (roll.data?.rows ?? []).filter(
    (r) => (r.status === "present" || r.status === "late") && !speaking.has(r.member_id),
  );

  const speechCall = (speech: Speech, verb: "pause" | "resume" | "end" | "withdraw") =>
    act.run(
      () => {
        const p = { params: { path: { ...path, speech_id: speech.id } } };
        switch (verb) {
          case "pause":
            return api.POST("/api/v1/meetings/{meeting_id}/speakers/{speech_id}/pause", p);
          case "resume":
            return api.POST("/api/v1/meetings/{meeting_id}/speakers/{speech_id}/resume", p);
          case "end":
            return api.POST("/api/v1/meetings/{meeting_id}/speakers/{speech_id}/end", p);
          default:
            return api.POST("/api/v1/meetings/{meeting_id}/speakers/{speech_id}/withdraw", p);
        }
      },
      (next) => {
        accept(next);
        if (verb === "end") setRecording(speech.id);
      },
    );

  const give = async (speech: Speech) => {
    if (
      current &&
      !(await confirm(w.giveConfirm(current.member_name, speech.member_name), w.giveShort))
    )
      return;
    const ended = current?.id ?? null;
    await act.run(
      () =>
        api.POST("/api/v1/meetings/{meeting_id}/speakers/{speech_id}/start", {
          params: { path: { ...path, speech_id: speech.id } },
          body: { end_current: current !== null },
        }),
      (next) => {
        accept(next);
        if (ended !== null) setRecording(ended);
      },
    );
  };

  const reorder = (index: number, delta: number) =>
    act.run(
      () =>
        api.POST("/api/v1/meetings/{meeting_id}/speakers/order", {
          params: { path },
          body: {
            speech_ids: move(
              queue.map((s) => s.id),
              index,
              delta,
            ),
          },
        }),
      accept,
    );

  const add = () =>
    candidate &&
    act.run(
      () =>
        api.POST("/api/v1/meetings/{meeting_id}/speakers", {
          params: { path },
          body: { member_id: Number(candidate), kind: "contribution" },
        }),
      () => {
        setCandidate("");
        setRefresh((n) => n + 1);
      },
    );

  if (meeting.status === "draft" || meeting.status === "announced")
    return <p className="muted">{w.notStarted}</p>;

  return (
    <div className="ws-section">
      {running && <LiveBadge live={live} />}
      {running && roll.data && <QuorumNote quorum={roll.data.summary.quorum} />}
      <ErrorNote message={act.error} />
      {running && (
        <CurrentSpeaker speech={current} offset={offset}>
          {current && (
            <div className="row-actions wide">
              {current.state === "speaking" ? (
                <Button loading={act.busy} onClick={() => void speechCall(current, "pause")}>
                  {w.pause}
                </Button>
              ) : (
                <Button loading={act.busy} onClick={() => void speechCall(current, "resume")}>
                  {w.resume}
                </Button>
              )}
              <Button
                type="primary"
                loading={act.busy}
                onClick={() => void speechCall(current, "end")}
              >
                {w.end}
              </Button>
            </div>
          )}
        </CurrentSpeaker>
      )}

      {running && (
        <>
          <h3 className="ws-subtitle">{w.queue}</h3>
          {queue.length === 0 ? (
            <p className="muted">{w.queueEmpty}</p>
          ) : (
            <ol className="rows" aria-label={w.queue}>
              {queue.map((speech, index) => (
                <li key={speech.id} className="row">
                  <div className="row-main">
                    <strong>
                      {index + 1}. {speech.member_name}
                    </strong>{" "}
                    {speech.requested_by_self && <Tag className="tag-info">{w.selfRequested}</Tag>}
                  </div>
                  <div className="row-actions">
                    <Button
                      type="primary"
                      aria-label={w.give(speech.member_name)}
                      disabled={act.busy}
                      onClick={() => void give(speech)}
                    >
                      {w.giveShort}
                    </Button>
                    <Button
                      aria-label={w.up(speech.member_name)}
                      disabled={index === 0 || act.busy}
                      onClick={() => void reorder(index, -1)}
                    >
                      ↑
                    </Button>
                    <Button
                      aria-label={w.down(speech.member_name)}
                      disabled={index === queue.length - 1 || act.busy}
                      onClick={() => void reorder(index, 1)}
                    >
                      ↓
                    </Button>
                    <Button
                      aria-label={w.withdraw(speech.member_name)}
                      disabled={act.busy}
                      onClick={() => void speechCall(speech, "withdraw")}
                    >
                      {w.withdrawShort}
                    </Button>
                  </div>
                </li>
              ))}
            </ol>
          )}
          <form
            className="ws-block"
            onSubmit={(e) => {
              e.preventDefault();
              void add();
            }}
          >
            {present.length === 0 ? (
              <p className="muted">{w.addNone}</p>
            ) : (
              <>
                <Field label={w.addMember}>
                  {(id) => (
                    <NativeSelect
                      id={id}
                      value={candidate}
                      placeholder={t.workspace.notSet}
                      options={present.map((r) => ({ value: r.member_id, label: r.member_name }))}
                      onChange={(e) => setCandidate(e.target.value)}
                    />
                  )}
                </Field>
                <Button htmlType="submit" block disabled={!candidate} loading={act.busy}>
                  {w.addSubmit}
                </Button>
              </>
            )}
          </form>
        </>
      )}

      <h3 className="ws-subtitle">{w.finished}</h3>
      {state.finished.length === 0 ? (
        <p className="muted">{w.finishedEmpty}</p>
      ) : (
        <ol className="rows">
          {state.finished.map((speech) => (
            <li key={speech.id} className="row finished">
              <div className="row-main">
                <strong>{speech.member_name}</strong>
                {speech.state === "withdrawn" ? (
                  <span className="muted"> · {w.withdrawn}</span>
                ) : (
                  <span className="muted">
                    {" "}
                    · {w.kind_[speech.kind]} · {formatClock(speech.elapsed_seconds)}
                    {speech.quality ? ` · ${w.quality_[String(speech.quality)]}` : ""}
                  </span>
                )}
                {speech.summary && <div className="small">{speech.summary}</div>}
              </div>
              {editable && speech.state === "done" && (
                <>
                  <Button
                    aria-expanded={recording === speech.id}
                    aria-label={w.record(speech.member_name)}
                    onClick={() => setRecording(recording === speech.id ? null : speech.id)}
                  >
                    {w.recordShort}
                  </Button>
                  {recording === speech.id && (
                    <SpeechRecord
                      key={speech.version}
                      speech={speech}
                      meetingId={meeting.id}
                      onSaved={() => {
                        setRecording(null);
                        setRefresh((n) => n + 1);
                      }}
                    />
                  )}
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
