import { App, Button, Input, Spin } from "antd";
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router";

import { api } from "../../api/client";
import { ErrorNote } from "../../components/ErrorNote";
import { Field } from "../../components/Field";
import { t } from "../../i18n/vi";
import { formatDate, formatDateTime } from "../../lib/format";
import { useAction, useConfirm, useLoad } from "../meeting/hooks";
import { ReasonDialog } from "../meeting/ReasonDialog";
import { approvedEntries, selfEntries } from "./entries";
import { factMap, factValues, formatFact } from "./facts";
import { maxOf, useSheet } from "./hooks";
import { LevelTag, StatusTag } from "./LevelTag";
import { changedEntries, entriesToSend, score, type Entry, type Sheet } from "./score";
import { ScoreSummary, SheetEditor } from "./SheetEditor";
import type { Rating } from "./types";

const r = t.ratings;
const p = r.page;
const REASON_MIN = 5;

/** /danh-gia/:id — one rating: both scores, items, facts, history; the committee's actions. */
export default function RatingPage() {
  const { id } = useParams();
  const ratingId = Number(id);
  const loaded = useLoad(
    () => api.GET("/api/v1/ratings/{rating_id}", { params: { path: { rating_id: ratingId } } }),
    [ratingId],
  );
  const rating = loaded.data;
  const sheet = useSheet(rating?.sheet_id);
  const [adjusting, setAdjusting] = useState(false);

  if (loaded.error) return <ErrorNote message={loaded.error} />;
  if (!rating || !sheet) return <Spin tip={r.loading}>{<div style={{ minHeight: 80 }} />}</Spin>;
  // What the server says this account may do (never the account that scored or submitted).
  const allowed = rating.allowed_actions;
  const committee = ["approve", "adjust", "reopen"].some((a) =>
    allowed.includes(a as (typeof allowed)[number]),
  );
  const update = (next: Rating) => {
    loaded.setData(next);
    setAdjusting(false);
  };

  return (
    <div className="rt-page">
      <Link className="rt-link" to="/danh-gia">
        ‹ {p.back}
      </Link>
      <h2>{rating.meeting_title}</h2>
      <p>
        <StatusTag status={rating.status} /> <span className="muted">{r.kind[rating.kind]}</span>
      </p>
      <Facts rating={rating} />
      <NextStep rating={rating} />
      <Caps rating={rating} />
      <Link className="rt-link" to={`/sinh-hoat/${rating.meeting_id}`}>
        {p.meeting}
      </Link>
      {committee && !adjusting && (
        <CommitteeActions rating={rating} onChange={update} onAdjust={() => setAdjusting(true)} />
      )}
      {committee && adjusting && rating.status === "submitted" && allowed.includes("adjust") ? (
        <AdjustPanel
          rating={rating}
          sheet={sheet}
          onDone={update}
          onCancel={() => setAdjusting(false)}
        />
      ) : (
        <Items rating={rating} sheet={sheet} />
      )}
      <FactList rating={rating} />
      <History rating={rating} />
    </div>
  );
}

function Facts({ rating }: { rating: Rating }) {
  const vote = rating.vote_for != null;
  return (
    <dl className="rt-dl rt-card">
      <dt>{p.unit}</dt>
      <dd>{rating.unit_name}</dd>
      <dt>{p.day}</dt>
      <dd>{formatDate(rating.meeting_day)}</dd>
      <dt>{p.sheetLabel}</dt>
      <dd>{p.sheetVersion(rating.sheet.name, rating.sheet.version_number)}</dd>
      <dt>{p.selfTotal}</dt>
      <dd>
        {rating.self_total != null ? r.points(rating.self_total) : p.notYet}{" "}
        <LevelTag level={rating.self_level} />
      </dd>
      <dt>{p.proposed}</dt>
      <dd>{rating.proposed_level ? <LevelTag level={rating.proposed_level} /> : p.notYet}</dd>
      {vote && (
        <>
          <dt>{p.vote}</dt>
          <dd>
            {r.section.voteRecorded(
              rating.vote_for ?? 0,
              rating.vote_against ?? 0,
              rating.vote_abstain ?? 0,
              rating.vote_eligible ?? 0,
            )}
          </dd>
        </>
      )}
      {rating.scored_by_name && (
        <>
          <dt>{p.scoredBy}</dt>
          <dd>{rating.scored_by_name}</dd>
        </>
      )}
      <dt>{p.approved}</dt>
      <dd data-testid="approved-level">
        {rating.status === "final" && rating.approved_total != null ? (
          <>
            {r.points(rating.approved_total)} <LevelTag level={rating.approved_level} />
          </>
        ) : (
          p.notYet
        )}
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
    </dl>
  );
}

/** Who acts next (the server's next_action), and whether this account may. */
function NextStep({ rating }: { rating: Rating }) {
  const next = rating.next_action;
  if (!next) return null;
  return (
    <div className="rt-card rt-next" data-testid="next-action">
      <strong>{p.nextTitle}:</strong> {p.next[next.step] ?? next.step}.{" "}
      <span className="muted">
        {next.may_act ? p.youMay : (p.refusal[next.refusal ?? "forbidden"] ?? p.refusal.forbidden)}
      </span>
    </div>
  );
}

/** The caps that held the level down, each with its reason and the fact behind it. */
function Caps({ rating }: { rating: Rating }) {
  const final = rating.status === "final" && rating.approved_caps != null;
  const caps = final ? (rating.approved_caps ?? []) : rating.caps;
  const byPoints = final ? rating.approved_level_by_points : rating.self_level_by_points;
  if (caps.length === 0) return null;
  return (
    <section className="rt-card rt-caps" aria-labelledby="rt-caps" data-testid="rating-caps">
      <h3 id="rt-caps">{p.capsTitle}</h3>
      {byPoints && (
        <p>
          {r.sheet.byPoints(r.level[byPoints])}. {r.sheet.capped}
        </p>
      )}
      <ul>
        {caps.map((c) => (
          <li key={c.code} data-cap={c.code}>
            {c.note ?? r.caps[c.code] ?? r.capFallback}
            {c.fact_label && c.fact_source && (
              <div className="muted small">{p.capFact(c.fact_label, c.fact_source)}</div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CommitteeActions({
  rating,
  onChange,
  onAdjust,
}: {
  rating: Rating;
  onChange: (r: Rating) => void;
  onAdjust: () => void;
}) {
  const { message } = App.useApp();
  const confirm = useConfirm();
  const act = useAction();
  const [reopening, setReopening] = useState(false);
  const path = { rating_id: rating.id };
  const approve = async () => {
    if (!(await confirm(p.approveConfirm, p.approve))) return;
    void act.run(
      () =>
        api.POST("/api/v1/ratings/{rating_id}/approve", {
          params: { path },
          body: { version: rating.version },
        }),
      (data) => {
        onChange(data);
        void message.success(p.approved_);
      },
    );
  };
  const allowed = rating.allowed_actions;
  if (rating.status === "submitted") {
    return (
      <div className="rt-actions">
        <ErrorNote message={act.error} />
        {allowed.includes("approve") && (
          <Button type="primary" loading={act.busy} onClick={() => void approve()}>
            {p.approve}
          </Button>
        )}
        {allowed.includes("adjust") && <Button onClick={onAdjust}>{p.adjust}</Button>}
      </div>
    );
  }
  if (rating.status !== "final" || !allowed.includes("reopen")) return null;
  return (
    <div className="rt-actions">
      <Button danger onClick={() => setReopening(true)}>
        {p.reopen}
      </Button>
      <ReasonDialog
        open={reopening}
        title={p.reopenTitle}
        label={p.reopenLabel}
        okText={p.reopen}
        requiredMessage={p.reopenRequired}
        minLength={REASON_MIN}
        busy={act.busy}
        error={act.error}
        onCancel={() => setReopening(false)}
        onOk={(reason) =>
          void act.run(
            () =>
              api.POST("/api/v1/ratings/{rating_id}/reopen", {
                params: { path },
                body: { reason, version: rating.version },
              }),
            (data) => {
              setReopening(false);
              onChange(data);
              void message.success(p.reopened);
            },
          )
        }
      />
    </div>
  );
}

/** The committee scores judged items again, with a reason; the new total shows live. */
function AdjustPanel({
  rating,
  sheet,
  onDone,
  onCancel,
}: {
  rating: Rating;
  sheet: Sheet;
  onDone: (r: Rating) => void;
  onCancel: () => void;
}) {
  const { message } = App.useApp();
  const act = useAction();
  // The committee adjusts on the facts the cell was scored on, as the server does.
  const values = useMemo(() => factValues(rating.facts), [rating.facts]);
  const original = useMemo(() => selfEntries(rating), [rating]);
  const [entries, setEntries] = useState<Record<string, Entry>>(original);
  const [reason, setReason] = useState("");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [strict, setStrict] = useState(false);
  const result = useMemo(() => score(sheet, values, entries), [sheet, values, entries]);
  const baseline = Object.fromEntries(rating.items.map((i) => [i.code, i.self_points]));

  const submit = () => {
    const changed = changedEntries(
      entriesToSend(sheet, values, original),
      entriesToSend(sheet, values, entries),
    );
    if (result.problems.length > 0) {
      setStrict(true);
      return setInvalid(r.sheet.problemsLeft(result.problems.length));
    }
    if (Object.keys(changed).length === 0) return setInvalid(p.nothingChanged);
    if (reason.trim().length < REASON_MIN) return setInvalid(p.reasonRequired);
    setInvalid(null);
    void act.run(
      () =>
        api.POST("/api/v1/ratings/{rating_id}/adjust", {
          params: { path: { rating_id: rating.id } },
          body: { entries: changed, reason: reason.trim(), version: rating.version },
        }),
      (data) => {
        onDone(data);
        void message.success(p.adjusted);
      },
    );
  };

  return (
    <section aria-labelledby="rt-adjust">
      <h3 id="rt-adjust">{p.adjustTitle}</h3>
      <p className="muted small">{p.adjustIntro}</p>
      <ScoreSummary result={result} max={maxOf(sheet)} />
      <SheetEditor
        sheet={sheet}
        facts={factMap(rating.facts)}
        values={values}
        entries={entries}
        result={result}
        strict={strict}
        baseline={baseline}
        heading="h4"
        onChange={(code, entry) => setEntries((prev) => ({ ...prev, [code]: entry }))}
      />
      <div className="ws-block">
        <Field label={p.reason}>
          {(id) => (
            <Input.TextArea
              id={id}
              value={reason}
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={2000}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <ScoreSummary result={result} max={maxOf(sheet)} />
        {invalid && (
          <div role="alert" className="field-error">
            {invalid}
          </div>
        )}
        <ErrorNote message={act.error} />
        <div className="rt-actions">
          <Button type="primary" loading={act.busy} onClick={submit}>
            {p.adjustSubmit}
          </Button>
          <Button onClick={onCancel}>{t.cancel}</Button>
        </div>
      </div>
    </section>
  );
}

/** The items as scored: the approved entries once final (the cell's points beside them). */
function Items({ rating, sheet }: { rating: Rating; sheet: Sheet }) {
  const values = useMemo(() => factValues(rating.facts), [rating.facts]);
  const final = rating.status === "final";
  const entries = useMemo(
    () => (final ? approvedEntries(rating) : selfEntries(rating)),
    [rating, final],
  );
  const result = useMemo(() => score(sheet, values, entries), [sheet, values, entries]);
  if (rating.scored_at == null) return null;
  const baseline = final
    ? Object.fromEntries(rating.items.map((i) => [i.code, i.self_points]))
    : undefined;
  return (
    <section aria-labelledby="rt-items">
      <h3 id="rt-items">{p.items}</h3>
      <ScoreSummary result={result} max={maxOf(sheet)} />
      <SheetEditor
        sheet={sheet}
        facts={factMap(rating.facts)}
        values={values}
        entries={entries}
        result={result}
        baseline={baseline}
        heading="h4"
      />
    </section>
  );
}

function FactList({ rating }: { rating: Rating }) {
  const known = rating.facts.filter((f) => f.value !== null);
  if (known.length === 0) return null;
  return (
    <section aria-labelledby="rt-facts">
      <h3 id="rt-facts">{p.facts}</h3>
      <dl className="rt-dl rt-card">
        {known.map((f) => (
          <div key={f.name} style={{ display: "contents" }}>
            <dt>{f.label}</dt>
            <dd>
              <strong>{formatFact(f.kind, f.value)}</strong>
              {f.source && <div className="muted small">{r.sheet.source(f.source)}</div>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function History({ rating }: { rating: Rating }) {
  return (
    <section aria-labelledby="rt-history">
      <h3 id="rt-history">{p.history}</h3>
      <ol className="rt-events rt-card">
        {rating.events.map((e) => (
          <li key={e.id}>
            <strong>{r.events[e.action] ?? e.action}</strong>
            {e.total != null && (
              <span>
                {" "}
                · {r.points(e.total)} <LevelTag level={e.level} />
              </span>
            )}
            <div className="muted small">
              {p.eventAt(e.actor_name ?? p.system, formatDateTime(e.at))}
            </div>
            {e.reason && <div className="pre">{e.reason}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}
