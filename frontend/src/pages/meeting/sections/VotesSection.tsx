import { App, Button, Input, Tag } from "antd";
import { useState } from "react";

import { api } from "../../../api/client";
import { ErrorNote } from "../../../components/ErrorNote";
import { Field } from "../../../components/Field";
import { NativeSelect } from "../../../components/NativeSelect";
import { t } from "../../../i18n/vi";
import { useWorkspace } from "../context";
import { useAction, useLoad } from "../hooks";
import { count, isRecording, thresholdWording } from "../logic";
import { QuorumNote } from "../QuorumNote";
import type { VoteKind, VoteSubject } from "../types";

const w = t.workspace.votes;
const SUBJECTS: VoteSubject[] = ["resolution", "conclusion", "other"];
const KINDS: VoteKind[] = ["ordinary", "admission", "official_recognition"];

/** The vote tally against the voting base (official members entitled to vote). */
export function VotesSection() {
  const { meeting, rollTick } = useWorkspace();
  const { message } = App.useApp();
  const path = { meeting_id: meeting.id };
  const base = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/voting-base", { params: { path } }),
    // Read again as people arrive: the base and the quorum follow the roll.
    [meeting.id, rollTick],
  );
  const votes = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/votes", { params: { path } }),
    [meeting.id],
  );
  const save = useAction();
  const [subject, setSubject] = useState<VoteSubject>("resolution");
  const [kind, setKind] = useState<VoteKind>("ordinary");
  const [title, setTitle] = useState("");
  const [tally, setTally] = useState({ for: "", against: "0", abstain: "0" });
  const [invalid, setInvalid] = useState<string | null>(null);
  const recording = isRecording(meeting.status);

  const b = base.data;
  const f = count(tally.for);
  const a = count(tally.against);
  const ab = count(tally.abstain);
  const total = (f ?? 0) + (a ?? 0) + (ab ?? 0);
  const threshold = b?.thresholds.find((x) => x.kind === kind) ?? null;

  const submit = () => {
    if (title.trim().length < 2) return setInvalid(w.titleRequired);
    if (f === null || a === null || ab === null) return setInvalid(w.countRequired);
    setInvalid(null);
    void save.run(
      () =>
        api.POST("/api/v1/meetings/{meeting_id}/votes", {
          params: { path },
          body: {
            subject,
            kind,
            title: title.trim(),
            votes_for: f,
            votes_against: a,
            votes_abstain: ab,
          },
        }),
      () => {
        setTitle("");
        setTally({ for: "", against: "0", abstain: "0" });
        votes.reload();
        void message.success(w.recorded);
      },
    );
  };

  return (
    <div className="ws-section">
      <ErrorNote message={base.error ?? votes.error} />
      {b && (
        <div className="ws-block base">
          <strong>{w.base(b.eligible, b.eligible_present)}</strong>
          <QuorumNote quorum={b.quorum} />
          <p className="muted small">
            {w.baseDetail({
              probationary: b.probationary,
              exempt: b.exempt_absent,
              transferred: b.transferred_out,
              guests: b.temporary_guests,
            })}
          </p>
        </div>
      )}
      {(votes.data ?? []).length === 0 ? (
        <p className="muted">{w.empty}</p>
      ) : (
        <ul className="rows">
          {(votes.data ?? []).map((vote) => (
            <li key={vote.id} className="row">
              <div className="row-main">
                <strong>{vote.title}</strong>{" "}
                <span className="muted">
                  · {w.subject_[vote.subject]}
                  {vote.kind !== "ordinary" && ` · ${w.kind_[vote.kind]}`}
                </span>
                <div className="small">
                  {w.tally(
                    vote.votes_for,
                    vote.votes_against,
                    vote.votes_abstain,
                    vote.eligible,
                    vote.votes_needed,
                  )}
                </div>
              </div>
              <Tag className={vote.passed ? "tag-ok" : "tag-bad"}>
                {vote.passed ? w.passed : w.failed}
              </Tag>
            </li>
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
          <Field label={w.subject}>
            {(id) => (
              <NativeSelect
                id={id}
                value={subject}
                options={SUBJECTS.map((s) => ({ value: s, label: w.subject_[s] }))}
                onChange={(e) => setSubject(e.target.value as VoteSubject)}
              />
            )}
          </Field>
          <Field label={w.kind}>
            {(id) => (
              <NativeSelect
                id={id}
                value={kind}
                options={KINDS.map((k) => ({ value: k, label: w.kind_[k] }))}
                onChange={(e) => setKind(e.target.value as VoteKind)}
              />
            )}
          </Field>
          {threshold && (
            <p className="small">
              {w.needed(
                threshold.votes_needed,
                thresholdWording(threshold.comparison, threshold.share),
              )}
            </p>
          )}
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
          <div className="tally">
            {(["for", "against", "abstain"] as const).map((key) => (
              <Field key={key} label={w[key]}>
                {(id) => (
                  <Input
                    id={id}
                    inputMode="numeric"
                    value={tally[key]}
                    onChange={(e) => setTally({ ...tally, [key]: e.target.value })}
                  />
                )}
              </Field>
            ))}
          </div>
          {threshold && f !== null && (
            <p role="status" className={f >= threshold.votes_needed ? "ok" : "warn"}>
              {w.preview(f >= threshold.votes_needed)}
            </p>
          )}
          {b && total > b.eligible_present && (
            <p className="warn">{w.tooMany(total, b.eligible_present)}</p>
          )}
          {invalid && (
            <div role="alert" className="field-error">
              {invalid}
            </div>
          )}
          <ErrorNote message={save.error} />
          <Button htmlType="submit" type="primary" block loading={save.busy}>
            {w.record}
          </Button>
        </form>
      )}
    </div>
  );
}
