import { App, Button, Input } from "antd";
import { useEffect, useId, useState } from "react";

import { api } from "../../../api/client";
import { ErrorNote } from "../../../components/ErrorNote";
import { t } from "../../../i18n/vi";
import { formatDateTime } from "../../../lib/format";
import { useWorkspace } from "../context";
import { useAction, useConfirm, useLoad } from "../hooks";
import { isRecording } from "../logic";
import type { Minutes } from "../types";

const w = t.workspace.minutes;

/** The minutes: drafted from the record, edited, then made final (the meeting locks). */
export function MinutesSection() {
  const { meeting, reload } = useWorkspace();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const path = { meeting_id: meeting.id };
  const minutes = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/minutes", { params: { path } }),
    [meeting.id],
  );
  const act = useAction();
  const id = useId();
  const [text, setText] = useState("");
  const current: Minutes | null = minutes.data;
  useEffect(() => setText(current?.content ?? ""), [current]);
  const dirty = current !== null && text !== current.content;

  if (!isRecording(meeting.status) && meeting.status !== "minutes_final") {
    return <p className="muted">{w.notStarted}</p>;
  }

  if (current?.final_at || meeting.status === "minutes_final") {
    const finalAt = current?.final_at ?? meeting.minutes_final_at;
    return (
      <div className="ws-section">
        <p className="final-note" role="status">
          {finalAt ? w.finalAt(formatDateTime(finalAt)) : t.workspace.lockedNotice}
        </p>
        {current && <pre className="minutes-text">{current.content}</pre>}
      </div>
    );
  }

  const generate = async () => {
    const force = current?.edited_by_user_id != null || dirty;
    if (current && force && !(await confirm(w.regenerateConfirm, w.regenerate))) return;
    await act.run(
      () =>
        api.POST("/api/v1/meetings/{meeting_id}/minutes/generate", {
          params: { path },
          body: { force },
        }),
      (data) => {
        minutes.setData(data);
        void message.success(w.generated);
      },
    );
  };

  const save = () =>
    act.run(
      () =>
        api.PATCH("/api/v1/meetings/{meeting_id}/minutes", {
          params: { path },
          body: { version: current?.version, content: text },
        }),
      (data) => {
        minutes.setData(data);
        void message.success(t.workspace.saved);
      },
    );

  const finalize = async () => {
    if (!current || !(await confirm(w.finalizeConfirm, w.finalize))) return;
    let version = current.version;
    if (dirty) {
      const saved = await api.PATCH("/api/v1/meetings/{meeting_id}/minutes", {
        params: { path },
        body: { version, content: text },
      });
      if (!saved.data) {
        await act.run(async () => saved);
        return;
      }
      version = saved.data.version;
    }
    await act.run(
      () =>
        api.POST("/api/v1/meetings/{meeting_id}/minutes/finalize", {
          params: { path },
          body: { version },
        }),
      () => {
        void message.success(w.finalized);
        reload();
      },
    );
  };

  return (
    <div className="ws-section">
      <ErrorNote message={minutes.error ?? act.error} />
      {!current ? (
        <>
          <p className="muted">{w.none}</p>
          <Button type="primary" block loading={act.busy} onClick={() => void generate()}>
            {w.generate}
          </Button>
        </>
      ) : (
        <>
          <label htmlFor={id} className="field-label">
            {w.content}
          </label>
          <Input.TextArea
            id={id}
            className="minutes-editor"
            value={text}
            autoSize={{ minRows: 12, maxRows: 40 }}
            onChange={(e) => setText(e.target.value)}
          />
          {dirty && <p className="warn small">{w.unsaved}</p>}
          <div className="stack">
            <Button
              block
              disabled={!dirty || !text.trim()}
              loading={act.busy}
              onClick={() => void save()}
            >
              {w.save}
            </Button>
            <Button block loading={act.busy} onClick={() => void generate()}>
              {w.regenerate}
            </Button>
            {meeting.status === "held" ? (
              <Button type="primary" block loading={act.busy} onClick={() => void finalize()}>
                {w.finalize}
              </Button>
            ) : (
              <p className="muted">{w.endFirst}</p>
            )}
          </div>
        </>
      )}
    </div>
  );
}
