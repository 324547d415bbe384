import { App, Button, Input, Spin } from "antd";
import { useEffect, useMemo, useState } from "react";
import { Link } from "react-router";

import { api } from "../../api/client";
import { ErrorNote } from "../../components/ErrorNote";
import { Field } from "../../components/Field";
import { NativeSelect } from "../../components/NativeSelect";
import { t } from "../../i18n/vi";
import { formatDateTime } from "../../lib/format";
import { useWorkspace } from "../meeting/context";
import { useAction, useConfirm, useLoad } from "../meeting/hooks";
import { factMap, factValues } from "./facts";
import { maxOf, useSheet } from "./hooks";
import { LevelTag, StatusTag } from "./LevelTag";
import {
  entriesToSend,
  proposable,
  score,
  type Entry,
  type LevelCode,
} from "./score";
import { ScoreSummary, SheetEditor } from "./SheetEditor";
import { selfEntries } from "./entries";
import type { Rating } from "./types";

import "./ratings.css";

const w = t.ratings.section;
const r = t.ratings;

/** The meeting workspace's rating section: the cell's self-rating of a held meeting. */
export function MeetingRatingSection() {
  const { meeting } = useWorkspace();
  const { message } = App.useApp();
  const path = { meeting_id: meeting.id };
  const list = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/ratings", { params: { path } }),
    [meeting.id],
  );
  const start = useAction();
  const own = list.data?.find((x) => x.kind === "self");

  if (list.error) return <ErrorNote message={list.error} />;
  if (!list.data) return <Spin />;
  if (!own) {
    return (
      <div className="rt-section">
        <p className="muted">{w.none}</p>
        <ErrorNote message={start.error} />
        <Button
          type="primary"
          block
          loading={start.busy}
          onClick={() =>
            void start.run(
              () => api.POST("/api/v1/meetings/{meeting_id}/ratings", { params: { path } }),
              () => {
                void message.success(w.started);
                list.reload();
              },
            )
          }
        >
          {w.start}
        </Button>
      </div>
    );
  }
  return <OwnRating ratingId={own.id} />;
}

function OwnRating({ ratingId }: { ratingId: number }) {
  const path = { rating_id: ratingId };
  const loaded = useLoad(() => api.GET("/api/v1/ratings/{rating_id}", { params: { path } }), [
    ratingId,
  ]);
  const rating = loaded.data;
  if (loaded.error) return <ErrorNote message={loaded.error} />;
  if (!rating) return <Spin />;
  if (rating.status === "draft") return <DraftRating rating={rating} onChange={loaded.setData} />;
  return <RatingStatus rating={rating} />;
}

/** Submitted or final: where it stands, the scores and the committee's word. */
function RatingStatus({ rating }: { rating: Rating }) {
  const p = r.page;
  return (
    <div className="rt-section">
      <p>
        <StatusTag status={rating.status} />{" "}
        {rating.status === "final" ? w.finalNote : w.waiting}
      </p>
      <dl className="rt-dl">
        <dt>{p.selfTotal}</dt>
        <dd>
          {rating.self_total != null && r.points(rating.self_total)}{" "}
          <LevelTag level={rating.self_level} />
        </dd>
        <dt>{p.proposed}</dt>
        <dd>
          <LevelTag level={rating.proposed_level} />
        </dd>
        {rating.vote_for != null && (
          <>
            <dt>{p.vote}</dt>
            <dd>
              {w.voteRecorded(
                rating.vote_for,
                rating.vote_against ?? 0,
                rating.vote_abstain ?? 0,
                rating.vote_eligible ?? 0,
              )}
            </dd>
          </>
        )}
        {rating.status === "final" && (
          <>
            <dt>{p.approved}</dt>
            <dd data-testid="approved-level">
              {rating.approved_total != null && r.points(rating.approved_total)}{" "}
              <LevelTag level={rating.approved_level} />
            </dd>
            {rating.adjustment_reason && (
              <>
                <dt>{p.adjustReason}</dt>
                <dd className="pre">{rating.adjustment_reason}</dd>
              </>
            )}
            {rating.approved_by_name && (
              <>
                <dt>{p.approvedBy}</dt>
                <dd>
                  {rating.approved_by_name}
                  {rating.approved_at && `, ${formatDateTime(rating.approved_at)}`}
                </dd>
              </>
            )}
          </>
        )}
      </dl>
      <Link className="rt-link" to={`/danh-gia/${rating.id}`}>
        {w.open}
      </Link>
    </div>
  );
}

/** The cell scores, proposes a level, votes on it and submits it. */
function DraftRating({ rating, onChange }: { rating: Rating; onChange: (r: Rating) => void }) {
  const { meeting } = useWorkspace();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const sheet = useSheet(rating.sheet_id);
  const mpath = { meeting_id: meeting.id };
  // The server scores on the record as it is now, so the live score does too.
  const facts = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/rating-facts", { params: { path: mpath } }),
    [meeting.id],
  );
  const base = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/voting-base", { params: { path: mpath } }),
    [meeting.id],
  );
  const [entries, setEntries] = useState<Record<string, Entry>>(() => selfEntries(rating));
  const [proposed, setProposed] = useState<string>(rating.proposed_level ?? "");
  const [dirty, setDirty] = useState(false);
  const [strict, setStrict] = useState(false);
  const [tally, setTally] = useState({
    for: rating.vote_for != null ? String(rating.vote_for) : "",
    against: String(rating.vote_against ?? 0),
    abstain: String(rating.vote_abstain ?? 0),
  });
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useAction();
  const vote = useAction();
  const submit = useAction();
  const path = { rating_id: rating.id };

  const infos = useMemo(() => (facts.data ? facts.data.facts : []), [facts.data]);
  const values = useMemo(() => factValues(infos), [infos]);
  const result = useMemo(
    () => (sheet && facts.data ? score(sheet, values, entries) : null),
    [sheet, facts.data, values, entries],
  );
  const levels = result ? proposable(result.level) : [];
  // A proposal above what the points allow falls back to the level the points give.
  useEffect(() => {
    if (proposed && result && !levels.includes(proposed as LevelCode)) setProposed("");
  }, [proposed, result, levels]);

  if (facts.error) return <ErrorNote message={facts.error} />;
  if (!sheet || !result) return <Spin />;

  const change = (code: string, entry: Entry) => {
    setEntries((prev) => ({ ...prev, [code]: entry }));
    setDirty(true);
  };

  const saveScore = () => {
    if (result.problems.length > 0) {
      setStrict(true);
      save.setError(r.sheet.problemsLeft(result.problems.length));
      return;
    }
    void save.run(
      () =>
        api.PUT("/api/v1/ratings/{rating_id}/score", {
          params: { path },
          body: {
            entries: entriesToSend(sheet, values, entries),
            proposed_level: (proposed || null) as LevelCode | null,
            version: rating.version,
          },
        }),
      (data) => {
        onChange(data);
        setDirty(false);
        void message.success(w.saved);
      },
    );
  };

  const count = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);
  const saveVote = () => {
    const [f, a, ab] = [count(tally.for), count(tally.against), count(tally.abstain)];
    if (f === null || a === null || ab === null) return setInvalid(w.voteNumber);
    setInvalid(null);
    void vote.run(
      () =>
        api.PUT("/api/v1/ratings/{rating_id}/vote", {
          params: { path },
          body: { for: f, against: a, abstain: ab, version: rating.version },
        }),
      (data) => {
        onChange(data);
        void message.success(w.voteSaved);
      },
    );
  };

  const submitRating = async () => {
    if (!(await confirm(w.submitConfirm, w.submit))) return;
    void submit.run(
      () =>
        api.POST("/api/v1/ratings/{rating_id}/submit", {
          params: { path },
          body: { version: rating.version },
        }),
      (data) => {
        onChange(data);
        void message.success(w.submitted);
      },
    );
  };

  const scored = rating.scored_at != null;
  const b = base.data;
  return (
    <div className="rt-section">
      <p className="muted small">{w.intro}</p>
      <ScoreSummary result={result} max={maxOf(sheet)} />
      <SheetEditor
        sheet={sheet}
        facts={factMap(infos)}
        values={values}
        entries={entries}
        result={result}
        onChange={change}
        strict={strict}
      />
      <div className="ws-block">
        <Field label={w.proposed} hint={w.proposedHint}>
          {(id, hint) => (
            <NativeSelect
              id={id}
              aria-describedby={hint}
              value={proposed}
              options={levels.map((lv) => ({ value: lv, label: r.level[lv] }))}
              placeholder={`${r.level[result.level]} (${r.points(result.total)})`}
              onChange={(e) => {
                setProposed(e.target.value);
                setDirty(true);
              }}
            />
          )}
        </Field>
        <ScoreSummary result={result} max={maxOf(sheet)} />
        <ErrorNote message={save.error} />
        <Button type="primary" block loading={save.busy} onClick={saveScore}>
          {w.save}
        </Button>
        {dirty && scored && <p className="warn">{w.unsaved}</p>}
      </div>

      <section className="ws-block" aria-labelledby={`rt-vote-${rating.id}`}>
        <h3 id={`rt-vote-${rating.id}`}>{w.voteTitle}</h3>
        {!scored ? (
          <p className="muted">{w.needScore}</p>
        ) : (
          <>
            {b && <p>{w.voteBase(b.eligible, b.eligible_present, b.votes_needed)}</p>}
            {rating.vote_for != null && (
              <p className="ok" data-testid="vote-recorded">
                {w.voteRecorded(
                  rating.vote_for,
                  rating.vote_against ?? 0,
                  rating.vote_abstain ?? 0,
                  rating.vote_eligible ?? 0,
                )}
              </p>
            )}
            <div className="rt-tally">
              {(
                [
                  ["for", w.voteFor],
                  ["against", w.voteAgainst],
                  ["abstain", w.voteAbstain],
                ] as const
              ).map(([key, label]) => (
                <Field key={key} label={label}>
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
            {invalid && (
              <div role="alert" className="field-error">
                {invalid}
              </div>
            )}
            <ErrorNote message={vote.error} />
            <div className="rt-actions">
              <Button block loading={vote.busy} disabled={dirty} onClick={saveVote}>
                {w.voteSave}
              </Button>
              <ErrorNote message={submit.error} />
              <Button
                type="primary"
                block
                loading={submit.busy}
                disabled={dirty || rating.vote_for == null}
                onClick={() => void submitRating()}
              >
                {w.submit}
              </Button>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
