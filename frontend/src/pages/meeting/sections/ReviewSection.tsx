import { App, Button } from "antd";
import { useEffect, useState } from "react";

import { api } from "../../../api/client";
import { ErrorNote } from "../../../components/ErrorNote";
import { t } from "../../../i18n/vi";
import { formatDate } from "../../../lib/format";
import { useWorkspace } from "../context";
import { useAction, useLoad } from "../hooks";
import { isRecording } from "../logic";

const w = t.workspace.review;
type Mark = "done" | "not_done";

/** Last month's tasks (the previous regular meeting's), done or not, and the share done. */
export function ReviewSection() {
  const { meeting } = useWorkspace();
  const { message } = App.useApp();
  const path = { meeting_id: meeting.id };
  const review = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/task-review", { params: { path } }),
    [meeting.id],
  );
  const save = useAction();
  const [marks, setMarks] = useState<Record<number, Mark>>({});
  const data = review.data;
  useEffect(() => {
    const next: Record<number, Mark> = {};
    for (const task of data?.items ?? []) {
      if (task.status === "done" || task.status === "not_done") next[task.id] = task.status;
    }
    setMarks(next);
  }, [data]);

  if (!data) return <ErrorNote message={review.error} />;
  if (!data.previous_meeting_id) return <p className="muted">{w.none}</p>;
  const editable = isRecording(meeting.status);
  const items = data.items.filter((task) => task.status !== "cancelled");
  const done = items.filter((task) => marks[task.id] === "done").length;

  return (
    <div className="ws-section">
      <p className="muted">
        {w.of(
          data.previous_meeting_title ?? "",
          data.previous_meeting_date ? formatDate(data.previous_meeting_date) : "",
        )}
      </p>
      {items.length === 0 ? (
        <p className="muted">{w.noTasks}</p>
      ) : (
        <ul className="rows">
          {items.map((task) => (
            <li key={task.id} className="row">
              <div className="row-main">
                {task.title}
                <div className="muted small">
                  {t.workspace.resolutions.taskLine(
                    task.owner_name ?? null,
                    task.deadline ? formatDate(task.deadline) : null,
                  )}
                </div>
              </div>
              <div className="choices two" role="group" aria-label={w.markFor(task.title)}>
                {(["done", "not_done"] as const).map((mark) => (
                  <button
                    key={mark}
                    type="button"
                    className={`choice choice-${mark}`}
                    aria-pressed={marks[task.id] === mark}
                    disabled={!editable}
                    onClick={() => setMarks({ ...marks, [task.id]: mark })}
                  >
                    {mark === "done" ? w.done : w.notDone}
                  </button>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
      <p className="roll-summary" role="status">
        {w.share(done, items.length)}
      </p>
      {data.recorded && <p className="ok">{w.recorded}</p>}
      <ErrorNote message={save.error} />
      {editable
        ? items.length > 0 && (
            <Button
              type="primary"
              block
              loading={save.busy}
              disabled={Object.keys(marks).length === 0}
              onClick={() =>
                void save.run(
                  () =>
                    api.POST("/api/v1/meetings/{meeting_id}/task-review", {
                      params: { path },
                      body: {
                        items: items
                          .filter((task) => marks[task.id])
                          .map((task) => ({ task_id: task.id, status: marks[task.id] })),
                      },
                    }),
                  (next) => {
                    review.setData(next);
                    void message.success(w.saved);
                  },
                )
              }
            >
              {w.save}
            </Button>
          )
        : !data.recorded && <p className="muted small">{w.readOnlyHint}</p>}
    </div>
  );
}
