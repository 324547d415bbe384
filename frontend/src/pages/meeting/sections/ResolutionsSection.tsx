import { App, Button, Input, Tag } from "antd";
import { useState } from "react";

import { api } from "../../../api/client";
import { DateInput } from "../../../components/DateInput";
import { ErrorNote } from "../../../components/ErrorNote";
import { Field } from "../../../components/Field";
import { NativeSelect } from "../../../components/NativeSelect";
import { t } from "../../../i18n/vi";
import { parseDate } from "../../../lib/dates";
import { formatDate } from "../../../lib/format";
import { useWorkspace } from "../context";
import { useAction, useLoad } from "../hooks";
import { isRecording } from "../logic";
import type { ResolutionKind, Task } from "../types";

const w = t.workspace.resolutions;

interface TaskDraft {
  key: number;
  title: string;
  owner: string;
  /** As typed: dd/mm/yyyy, read when the resolution is sent. */
  deadline: string;
}

function TaskLine({ task }: { task: Task }) {
  return (
    <li className="row">
      <div className="row-main">
        {task.title}
        <div className="muted small">
          {w.taskLine(task.owner_name ?? null, task.deadline ? formatDate(task.deadline) : null)}
        </div>
      </div>
      <Tag>{w.taskStatus[task.status]}</Tag>
    </li>
  );
}

/** Resolutions and conclusions adopted, with the tasks they assign (owner and deadline). */
export function ResolutionsSection() {
  const { meeting, members } = useWorkspace();
  const { message } = App.useApp();
  const path = { meeting_id: meeting.id };
  const list = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/resolutions", { params: { path } }),
    [meeting.id],
  );
  const tasks = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/tasks", { params: { path } }),
    [meeting.id],
  );
  const votes = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/votes", { params: { path } }),
    [meeting.id],
  );
  const save = useAction();
  const [kind, setKind] = useState<ResolutionKind>("resolution");
  const [title, setTitle] = useState("");
  const [content, setContent] = useState("");
  const [voteId, setVoteId] = useState("");
  const [drafts, setDrafts] = useState<TaskDraft[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const [invalid, setInvalid] = useState<string | null>(null);
  // The draft (by key) whose deadline is not a date, told beside that field.
  const [badDeadline, setBadDeadline] = useState<number | null>(null);
  const recording = isRecording(meeting.status);
  const loose = (tasks.data ?? []).filter((task) => task.resolution_id === null);
  const passed = (votes.data ?? []).filter((v) => v.passed);
  const owners = members.map((m) => ({ value: m.id, label: m.full_name }));

  const change = (key: number, patch: Partial<TaskDraft>) =>
    setDrafts(drafts.map((d) => (d.key === key ? { ...d, ...patch } : d)));

  const submit = () => {
    if (title.trim().length < 2) return setInvalid(w.titleRequired);
    if (drafts.some((d) => d.title.trim().length < 2)) return setInvalid(w.taskTitleRequired);
    setInvalid(null);
    const bad = drafts.findIndex((d) => parseDate(d.deadline) === undefined);
    setBadDeadline(bad < 0 ? null : drafts[bad].key);
    if (bad >= 0) return;
    void save.run(
      () =>
        api.POST("/api/v1/meetings/{meeting_id}/resolutions", {
          params: { path },
          body: {
            kind,
            title: title.trim(),
            content: content.trim() || null,
            vote_id: voteId ? Number(voteId) : null,
            tasks: drafts.map((d) => ({
              title: d.title.trim(),
              owner_member_id: d.owner ? Number(d.owner) : null,
              deadline: parseDate(d.deadline) ?? null,
            })),
          },
        }),
      () => {
        setTitle("");
        setContent("");
        setVoteId("");
        setDrafts([]);
        list.reload();
        tasks.reload();
        void message.success(w.created);
      },
    );
  };

  return (
    <div className="ws-section">
      <ErrorNote message={list.error ?? tasks.error} />
      {(list.data ?? []).length === 0 ? (
        <p className="muted">{w.empty}</p>
      ) : (
        (list.data ?? []).map((r) => (
          <article key={r.id} className="ws-block resolution">
            <h4>{w.heading(w.kind_[r.kind], r.code, r.title)}</h4>
            <p className="muted small">{w.adoptedOn(formatDate(r.adopted_on))}</p>
            {r.content && <p className="pre">{r.content}</p>}
            {r.tasks && r.tasks.length > 0 ? (
              <ul className="rows" aria-label={w.tasks}>
                {r.tasks.map((task) => (
                  <TaskLine key={task.id} task={task} />
                ))}
              </ul>
            ) : (
              <p className="muted small">{w.noTasks}</p>
            )}
          </article>
        ))
      )}
      {loose.length > 0 && (
        <ul className="rows" aria-label={w.tasks}>
          {loose.map((task) => (
            <TaskLine key={task.id} task={task} />
          ))}
        </ul>
      )}
      {recording && (
        <form
          className="ws-block"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Field label={w.kind}>
            {(id) => (
              <NativeSelect
                id={id}
                value={kind}
                options={(["resolution", "conclusion"] as const).map((k) => ({
                  value: k,
                  label: w.kind_[k],
                }))}
                onChange={(e) => setKind(e.target.value as ResolutionKind)}
              />
            )}
          </Field>
          <Field label={w.title}>
            {(id) => (
              <Input
                id={id}
                value={title}
                maxLength={300}
                onChange={(e) => setTitle(e.target.value)}
              />
            )}
          </Field>
          <Field label={w.content}>
            {(id) => (
              <Input.TextArea
                id={id}
                value={content}
                autoSize={{ minRows: 3, maxRows: 10 }}
                onChange={(e) => setContent(e.target.value)}
              />
            )}
          </Field>
          {passed.length > 0 && (
            <Field label={w.vote}>
              {(id) => (
                <NativeSelect
                  id={id}
                  value={voteId}
                  placeholder={w.noVote}
                  options={passed.map((v) => ({ value: v.id, label: v.title }))}
                  onChange={(e) => setVoteId(e.target.value)}
                />
              )}
            </Field>
          )}
          <h4>{w.tasks}</h4>
          {drafts.map((d, index) => (
            <fieldset key={d.key} className="task-draft">
              <legend>{w.taskLegend(index + 1)}</legend>
              <Field label={w.taskTitle(index + 1)}>
                {(id) => (
                  <Input
                    id={id}
                    value={d.title}
                    maxLength={500}
                    onChange={(e) => change(d.key, { title: e.target.value })}
                  />
                )}
              </Field>
              <Field label={w.owner(index + 1)}>
                {(id) => (
                  <NativeSelect
                    id={id}
                    value={d.owner}
                    placeholder={t.workspace.notSet}
                    options={owners}
                    onChange={(e) => change(d.key, { owner: e.target.value })}
                  />
                )}
              </Field>
              <DateInput
                label={w.deadline(index + 1)}
                value={d.deadline}
                error={badDeadline === d.key ? w.deadlineInvalid(index + 1) : null}
                onChange={(text) => {
                  change(d.key, { deadline: text });
                  if (badDeadline === d.key) setBadDeadline(null);
                }}
              />
              <Button danger block onClick={() => setDrafts(drafts.filter((x) => x.key !== d.key))}>
                {w.removeTask(index + 1)}
              </Button>
            </fieldset>
          ))}
          <Button
            block
            className="gap-below"
            onClick={() => {
              setDrafts([...drafts, { key: nextKey, title: "", owner: "", deadline: "" }]);
              setNextKey(nextKey + 1);
            }}
          >
            {w.addTask}
          </Button>
          {invalid && (
            <div role="alert" className="field-error">
              {invalid}
            </div>
          )}
          <ErrorNote message={save.error} />
          <Button htmlType="submit" type="primary" block loading={save.busy}>
            {w.submit}
          </Button>
        </form>
      )}
    </div>
  );
}
