import { App, Button, Input, Spin } from "antd";
import { useEffect, useMemo, useState } from "react";
import { Link, useParams } from "react-router";

import { api } from "../../api/client";
import { useAuth, type Me } from "../../auth";
import { DateInput } from "../../components/DateInput";
import { ErrorNote } from "../../components/ErrorNote";
import { Field } from "../../components/Field";
import { NativeSelect } from "../../components/NativeSelect";
import { t } from "../../i18n/vi";
import { parseDate } from "../../lib/dates";
import { formatDate, formatDateTime } from "../../lib/format";
import { useAction, useConfirm, useLoad } from "../meeting/hooks";
import { factMap, factValues } from "./facts";
import { maxOf, useSheet } from "./hooks";
import { entriesFromScored, signed } from "./inspection";
import { LevelTag, StatusTag } from "./LevelTag";
import { isCommittee } from "./roles";
import { entriesToSend, score, type Entry } from "./score";
import { ScoreSummary, SheetEditor } from "./SheetEditor";
import type { Comparison, FollowUp, Inspection } from "./types";

const x = t.inspections;
const r = t.ratings;
const HELD = new Set(["held", "minutes_final"]);

/** /danh-gia/kiem-tra/:id — one inspection: the inspector's sheet, comparison, conclusion. */
export default function InspectionPage() {
  const { id } = useParams();
  const inspectionId = Number(id);
  const { me } = useAuth();
  const loaded = useLoad(
    () =>
      api.GET("/api/v1/inspections/{inspection_id}", {
        params: { path: { inspection_id: inspectionId } },
      }),
    [inspectionId],
  );
  const ins = loaded.data;
  if (loaded.error) return <ErrorNote message={loaded.error} />;
  if (!ins || !me) return <Spin tip={t.loading}>{<div style={{ minHeight: 80 }} />}</Spin>;
  const inspector = me.id === ins.inspector_user_id || me.role === "admin";
  const scoring =
    inspector && ins.status === "planned" && (!ins.rating || ins.rating.status === "draft");
  const committee = isCommittee(me.role);

  return (
    <div className="rt-page">
      <Link className="rt-link" to="/danh-gia/kiem-tra">
        ‹ {x.backList}
      </Link>
      <h2>{x.heading(ins.meeting_title)}</h2>
      <dl className="rt-dl rt-card">
        <dt>{x.cell}</dt>
        <dd>{ins.cell_name}</dd>
        <dt>{x.meetingDay}</dt>
        <dd>{formatDate(ins.meeting_day)}</dd>
        <dt>{x.inspector}</dt>
        <dd>{ins.inspector_name}</dd>
        <dt>{x.statusLabel}</dt>
        <dd>
          <StatusTag status={ins.status} labels={x.status} />
        </dd>
      </dl>
      <Link className="rt-link" to={`/sinh-hoat/${ins.meeting_id}`}>
        {x.openMeeting}
      </Link>
      {scoring ? (
        <InspectorSheet ins={ins} onChange={loaded.setData} />
      ) : (
        <InspectorResult ins={ins} />
      )}
      {ins.comparison && ins.comparison.inspector_status === "final" && (
        <ComparisonView comparison={ins.comparison} />
      )}
      <Conclusion ins={ins} me={me} committee={committee} reload={loaded.reload} />
    </div>
  );
}

/** The sheet the cell rates the meeting on: its self-rating's, else the one in force. */
function useSheetIdFor(ins: Inspection): number | null {
  const [sheetId, setSheetId] = useState<number | null>(ins.rating?.sheet_id ?? null);
  useEffect(() => {
    if (sheetId) return;
    let live = true;
    (async () => {
      const own = await api.GET("/api/v1/meetings/{meeting_id}/ratings", {
        params: { path: { meeting_id: ins.meeting_id } },
      });
      const self = own.data?.find((x) => x.kind === "self");
      if (self) return live && setSheetId(self.sheet_id);
      const sheets = await api.GET("/api/v1/rating-sheets", {});
      const fit = (sheets.data ?? [])
        .filter(
          (s) => s.meeting_types.includes(ins.meeting_type) && s.effective_from <= ins.meeting_day,
        )
        .sort((a, b) => b.effective_from.localeCompare(a.effective_from) || b.id - a.id)[0];
      if (fit && live) setSheetId(fit.id);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [sheetId, ins.meeting_id, ins.meeting_type, ins.meeting_day]);
  return sheetId;
}

function InspectorSheet({ ins, onChange }: { ins: Inspection; onChange: (i: Inspection) => void }) {
  const { message } = App.useApp();
  const confirm = useConfirm();
  const sheet = useSheet(useSheetIdFor(ins));
  const facts = useLoad(
    () =>
      api.GET("/api/v1/meetings/{meeting_id}/rating-facts", {
        params: { path: { meeting_id: ins.meeting_id } },
      }),
    [ins.meeting_id],
  );
  const [entries, setEntries] = useState<Record<string, Entry> | null>(null);
  const [findings, setFindings] = useState(ins.findings ?? "");
  const [dirty, setDirty] = useState(false);
  const [strict, setStrict] = useState(false);
  const save = useAction();
  const submit = useAction();
  useEffect(() => {
    if (sheet && entries === null) setEntries(entriesFromScored(sheet, ins.rating?.items ?? []));
  }, [sheet, entries, ins.rating]);
  const infos = useMemo(() => facts.data?.facts ?? [], [facts.data]);
  const values = useMemo(() => factValues(infos), [infos]);
  const result = useMemo(
    () => (sheet && entries && facts.data ? score(sheet, values, entries) : null),
    [sheet, entries, facts.data, values],
  );

  if (!HELD.has(ins.meeting_status)) return <p className="warn">{x.notHeld}</p>;
  if (facts.error) return <ErrorNote message={facts.error} />;
  if (!sheet || !entries || !result) return <Spin />;
  const path = { inspection_id: ins.id };

  const saveRating = () => {
    if (result.problems.length > 0) {
      setStrict(true);
      save.setError(r.sheet.problemsLeft(result.problems.length));
      return;
    }
    void save.run(
      () =>
        api.PUT("/api/v1/inspections/{inspection_id}/rating", {
          params: { path },
          body: {
            entries: entriesToSend(sheet, values, entries),
            findings: findings.trim() || null,
            version: ins.version,
          },
        }),
      (data) => {
        onChange(data);
        setDirty(false);
        void message.success(x.saved);
      },
    );
  };
  const submitRating = async () => {
    if (!(await confirm(x.submitConfirm, x.submit))) return;
    void submit.run(
      () =>
        api.POST("/api/v1/inspections/{inspection_id}/rating/submit", {
          params: { path },
          body: { version: ins.version },
        }),
      (data) => {
        onChange(data);
        void message.success(x.submitted);
      },
    );
  };

  return (
    <section aria-labelledby="ins-score">
      <h3 id="ins-score">{x.score}</h3>
      <p className="muted small">{x.scoreIntro}</p>
      <ScoreSummary result={result} max={maxOf(sheet)} />
      <SheetEditor
        sheet={sheet}
        facts={factMap(infos)}
        values={values}
        entries={entries}
        result={result}
        strict={strict}
        heading="h4"
        onChange={(code, entry) => {
          setEntries((prev) => ({ ...prev, [code]: entry }));
          setDirty(true);
        }}
      />
      <div className="ws-block">
        <Field label={x.findings}>
          {(id) => (
            <Input.TextArea
              id={id}
              value={findings}
              autoSize={{ minRows: 3, maxRows: 10 }}
              onChange={(e) => {
                setFindings(e.target.value);
                setDirty(true);
              }}
            />
          )}
        </Field>
        <ScoreSummary result={result} max={maxOf(sheet)} />
        <ErrorNote message={save.error} />
        <div className="rt-actions">
          <Button loading={save.busy} onClick={saveRating}>
            {x.save}
          </Button>
          {dirty && ins.rating && <p className="warn">{x.unsaved}</p>}
          <ErrorNote message={submit.error} />
          <Button
            type="primary"
            loading={submit.busy}
            disabled={dirty || !ins.rating}
            onClick={() => void submitRating()}
          >
            {x.submit}
          </Button>
        </div>
      </div>
    </section>
  );
}

/** The inspector's submitted score and findings (the items are in the comparison). */
function InspectorResult({ ins }: { ins: Inspection }) {
  const rating = ins.rating;
  if (!rating || rating.status === "draft") {
    return <p className="muted">{x.waitingInspector}</p>;
  }
  return (
    <section aria-labelledby="ins-result">
      <h3 id="ins-result">{x.score}</h3>
      <p data-testid="inspector-score">
        {rating.total != null && r.points(rating.total)} <LevelTag level={rating.level} />
      </p>
      {ins.findings && (
        <>
          <h4>{x.findings}</h4>
          <p className="pre">{ins.findings}</p>
        </>
      )}
    </section>
  );
}

interface SideProps {
  label: string;
  total: number | null;
  level?: string | null;
}

function Side({ label, total, level }: SideProps) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {total != null ? r.points(total) : x.notSubmitted} <LevelTag level={level} />
      </dd>
    </>
  );
}

function ComparisonView({ comparison: c }: { comparison: Comparison }) {
  const differing = c.items.filter((i) => i.difference != null && i.difference !== 0).length;
  const diffClass = (d: number | null | undefined) =>
    d == null || d === 0 ? "" : d > 0 ? "rt-diff-pos" : "rt-diff-neg";
  return (
    <section aria-labelledby="ins-compare" data-testid="comparison">
      <h3 id="ins-compare">{x.comparison}</h3>
      <dl className="rt-dl rt-card">
        <Side label={x.selfSide} total={c.self_total} level={c.self_level} />
        {c.approved_total != null && (
          <Side label={x.approvedSide} total={c.approved_total} level={c.approved_level} />
        )}
        <Side label={x.inspectorSide} total={c.inspector_total} level={c.inspector_level} />
      </dl>
      {c.difference != null && (
        <p className={diffClass(c.difference)}>{x.difference(signed(c.difference))}</p>
      )}
      {c.level_steps != null && <p>{x.levelSteps(c.level_steps)}</p>}
      <p className="muted">{differing ? x.itemsDiffer(differing) : x.same}</p>
      <ul className="rt-list">
        {c.items.map((i) => (
          <li key={i.code} className="rt-row">
            <div>{i.title}</div>
            <div className="rt-row-line">
              <span>
                {x.itemLine(
                  i.self_points != null ? r.formatPoints(i.self_points) : "–",
                  i.inspector_points != null ? r.formatPoints(i.inspector_points) : "–",
                )}
                <span className="muted"> / {r.formatPoints(i.max_points)}</span>
              </span>
              {i.difference != null && i.difference !== 0 && (
                <span className={diffClass(i.difference)}>{signed(i.difference)}</span>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Conclusion({
  ins,
  me,
  committee,
  reload,
}: {
  ins: Inspection;
  me: Me;
  committee: boolean;
  reload: () => void;
}) {
  if (!ins.conclusion_number) {
    return committee && ins.status === "rated" ? <ConcludeForm ins={ins} reload={reload} /> : null;
  }
  const canMark = committee || me.role === "cell_secretary";
  return (
    <section aria-labelledby="ins-conclusion">
      <h3 id="ins-conclusion">{x.conclusion}</h3>
      <div className="rt-card">
        <p className="muted">
          {x.concludedAt(
            ins.conclusion_number,
            ins.concluded_at ? formatDateTime(ins.concluded_at) : "",
          )}
        </p>
        <p className="pre">{ins.conclusion_text}</p>
      </div>
      <h4>{x.followUps}</h4>
      {ins.follow_ups.length === 0 ? (
        <p className="muted">{x.noFollowUps}</p>
      ) : (
        <ul className="rt-list" aria-label={x.followUps}>
          {ins.follow_ups.map((f) => (
            <FollowUpRow
              key={f.id}
              item={f}
              canMark={canMark}
              committee={committee}
              reload={reload}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function FollowUpRow({
  item,
  canMark,
  committee,
  reload,
}: {
  item: FollowUp;
  canMark: boolean;
  committee: boolean;
  reload: () => void;
}) {
  const { message } = App.useApp();
  const act = useAction();
  const set = (status: "open" | "done" | "dropped") =>
    void act.run(
      () =>
        api.PATCH("/api/v1/follow-ups/{follow_up_id}", {
          params: { path: { follow_up_id: item.id } },
          body: { status, version: item.version },
        }),
      () => {
        void message.success(x.followUpSaved);
        reload();
      },
    );
  return (
    <li className="rt-row">
      <div className="rt-row-line">
        <strong>{item.title}</strong>
        <StatusTag status={item.status} labels={x.followUpStatus} />
      </div>
      <div className="muted small">
        {item.owner_name && <div>{x.owner(item.owner_name)}</div>}
        {item.due_date && <div>{x.due(formatDate(item.due_date))}</div>}
        {item.done_on && <div>{x.doneOn(formatDate(item.done_on))}</div>}
      </div>
      <ErrorNote message={act.error} />
      {canMark && (
        <div className="rt-actions">
          {item.status === "open" && (
            <Button
              type="primary"
              aria-label={x.markDone(item.title)}
              loading={act.busy}
              onClick={() => set("done")}
            >
              {x.markDoneShort}
            </Button>
          )}
          {item.status === "open" && committee && (
            <Button aria-label={x.drop(item.title)} onClick={() => set("dropped")}>
              {x.dropShort}
            </Button>
          )}
          {(item.status === "done" || (item.status === "dropped" && committee)) && (
            <Button aria-label={x.reopen(item.title)} onClick={() => set("open")}>
              {x.reopenShort}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

interface Draft {
  title: string;
  owner: string;
  /** As typed: dd/mm/yyyy, read when the conclusion is issued. */
  due: string;
}

function ConcludeForm({ ins, reload }: { ins: Inspection; reload: () => void }) {
  const { message } = App.useApp();
  const act = useAction();
  const [number, setNumber] = useState("");
  const [text, setText] = useState("");
  const [items, setItems] = useState<Draft[]>([]);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [dueError, setDueError] = useState<{ index: number; message: string } | null>(null);
  const members = useLoad(
    () =>
      api.GET("/api/v1/members", { params: { query: { unit_id: ins.cell_id, limit: 200 } } }),
    [ins.cell_id],
  );
  const owners = (members.data?.items ?? []).map((m) => ({ value: m.id, label: m.full_name }));
  const patch = (index: number, change: Partial<Draft>) =>
    setItems((prev) => prev.map((d, i) => (i === index ? { ...d, ...change } : d)));

  const submit = () => {
    if (!number.trim() || text.trim().length < 5) return setInvalid(x.conclusionInvalid);
    if (items.some((d) => d.title.trim().length < 2)) return setInvalid(x.followUpInvalid);
    // A deadline is typed as dd/mm/yyyy and cannot come before the inspected meeting.
    const dues = items.map((d) => parseDate(d.due));
    const bad = dues.findIndex((due) => due === undefined);
    const early = dues.findIndex((due) => !!due && due < ins.meeting_day);
    setInvalid(null);
    if (bad >= 0) return setDueError({ index: bad, message: x.followUpDueInvalid(bad + 1) });
    if (early >= 0) {
      const message = x.followUpDueEarly(early + 1, formatDate(ins.meeting_day));
      return setDueError({ index: early, message });
    }
    setDueError(null);
    void act.run(
      () =>
        api.POST("/api/v1/inspections/{inspection_id}/conclusion", {
          params: { path: { inspection_id: ins.id } },
          body: {
            number: number.trim(),
            text: text.trim(),
            version: ins.version,
            follow_ups: items.map((d) => ({
              title: d.title.trim(),
              owner_member_id: d.owner ? Number(d.owner) : null,
              due_date: parseDate(d.due) ?? null,
            })),
          },
        }),
      () => {
        void message.success(x.concluded);
        reload();
      },
    );
  };

  return (
    <form
      className="ws-block"
      aria-labelledby="ins-conclude"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3 id="ins-conclude">{x.conclude}</h3>
      <Field label={x.number} hint={x.numberHint}>
        {(id, hint) => (
          <Input
            id={id}
            aria-describedby={hint}
            value={number}
            maxLength={40}
            onChange={(e) => setNumber(e.target.value)}
          />
        )}
      </Field>
      <Field label={x.text}>
        {(id) => (
          <Input.TextArea
            id={id}
            value={text}
            autoSize={{ minRows: 4, maxRows: 12 }}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      <h4>{x.followUps}</h4>
      {items.map((d, i) => (
        <div key={i} className="rt-card">
          <Field label={x.followUpTitle(i + 1)}>
            {(id) => (
              <Input
                id={id}
                value={d.title}
                maxLength={500}
                onChange={(e) => patch(i, { title: e.target.value })}
              />
            )}
          </Field>
          <Field label={x.followUpOwner(i + 1)}>
            {(id) => (
              <NativeSelect
                id={id}
                value={d.owner}
                placeholder={x.noOwner}
                options={owners}
                onChange={(e) => patch(i, { owner: e.target.value })}
              />
            )}
          </Field>
          <DateInput
            label={x.followUpDue(i + 1)}
            value={d.due}
            error={dueError?.index === i ? dueError.message : null}
            onChange={(text) => {
              patch(i, { due: text });
              if (dueError?.index === i) setDueError(null);
            }}
          />
          <Button block onClick={() => setItems((prev) => prev.filter((_, j) => j !== i))}>
            {x.removeFollowUp(i + 1)}
          </Button>
        </div>
      ))}
      <Button
        block
        onClick={() => setItems((prev) => [...prev, { title: "", owner: "", due: "" }])}
      >
        {x.addFollowUp}
      </Button>
      {invalid && (
        <div role="alert" className="field-error">
          {invalid}
        </div>
      )}
      <ErrorNote message={act.error} />
      <div className="rt-actions">
        <Button htmlType="submit" type="primary" block loading={act.busy}>
          {x.concludeSubmit}
        </Button>
      </div>
    </form>
  );
}
