import { App, Button, Input } from "antd";
import { useState } from "react";

import { api } from "../../../api/client";
import { ErrorNote } from "../../../components/ErrorNote";
import { Field } from "../../../components/Field";
import { t } from "../../../i18n/vi";
import { useWorkspace } from "../context";
import { useAction, useConfirm } from "../hooks";
import { count, isLocked, move } from "../logic";

const w = t.workspace.agenda;

/** The agenda: add, reorder (up and down) and delete items while the meeting is not locked. */
export function AgendaSection() {
  const { meeting, reload } = useWorkspace();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const action = useAction();
  const [title, setTitle] = useState("");
  const [minutes, setMinutes] = useState("");
  const [invalid, setInvalid] = useState(false);
  const locked = isLocked(meeting.status);
  const path = { meeting_id: meeting.id };
  const items = meeting.agenda;

  const reorder = (index: number, delta: number) => {
    const ids = move(
      items.map((i) => i.id),
      index,
      delta,
    );
    void action.run(
      () =>
        api.POST("/api/v1/meetings/{meeting_id}/agenda/order", {
          params: { path },
          body: { item_ids: ids },
        }),
      reload,
    );
  };

  const remove = async (id: number, itemTitle: string) => {
    if (!(await confirm(w.removeConfirm(itemTitle), t.workspace.confirm))) return;
    await action.run(
      () =>
        api.DELETE("/api/v1/meetings/{meeting_id}/agenda/{item_id}", {
          params: { path: { ...path, item_id: id } },
        }),
      reload,
    );
  };

  const add = () => {
    if (title.trim().length < 2) {
      setInvalid(true);
      return;
    }
    void action.run(
      () =>
        api.POST("/api/v1/meetings/{meeting_id}/agenda", {
          params: { path },
          body: { title: title.trim(), kind: "other", planned_minutes: count(minutes) },
        }),
      () => {
        setTitle("");
        setMinutes("");
        reload();
        void message.success(t.workspace.saved);
      },
    );
  };

  return (
    <div className="ws-section">
      {items.length === 0 ? (
        <p className="muted">{w.empty}</p>
      ) : (
        <ol className="rows">
          {items.map((item, index) => (
            <li key={item.id} className="row">
              <div className="row-main">
                <span>
                  {item.position}. {item.title}
                </span>
                {item.planned_minutes ? (
                  <span className="muted"> · {t.workspace.minutesShort(item.planned_minutes)}</span>
                ) : null}
              </div>
              {!locked && (
                <div className="row-actions">
                  <Button
                    aria-label={w.up(item.title)}
                    disabled={index === 0 || action.busy}
                    onClick={() => reorder(index, -1)}
                  >
                    ↑
                  </Button>
                  <Button
                    aria-label={w.down(item.title)}
                    disabled={index === items.length - 1 || action.busy}
                    onClick={() => reorder(index, 1)}
                  >
                    ↓
                  </Button>
                  <Button
                    danger
                    aria-label={w.remove(item.title)}
                    onClick={() => void remove(item.id, item.title)}
                  >
                    ✕
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      <p className="muted">
        {w.totalMinutes(meeting.planned_agenda_minutes, meeting.min_duration_minutes)}
      </p>
      <ErrorNote message={action.error} />
      {!locked && (
        <form
          className="ws-block"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <Field label={w.itemTitle}>
            {(id) => (
              <>
                <Input
                  id={id}
                  value={title}
                  maxLength={300}
                  aria-invalid={invalid}
                  onChange={(e) => {
                    setTitle(e.target.value);
                    setInvalid(false);
                  }}
                />
                {invalid && (
                  <div role="alert" className="field-error">
                    {w.itemTitleRequired}
                  </div>
                )}
              </>
            )}
          </Field>
          <Field label={w.itemMinutes}>
            {(id) => (
              <Input
                id={id}
                inputMode="numeric"
                value={minutes}
                onChange={(e) => setMinutes(e.target.value)}
              />
            )}
          </Field>
          <Button htmlType="submit" block loading={action.busy}>
            {w.add}
          </Button>
        </form>
      )}
    </div>
  );
}
