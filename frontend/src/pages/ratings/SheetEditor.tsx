import { Input } from "antd";
import { useEffect, useState } from "react";

import { Field } from "../../components/Field";
import { NativeSelect } from "../../components/NativeSelect";
import { t } from "../../i18n/vi";
import { formatFact, parsePoints, type FactInfo } from "./facts";
import { LevelTag } from "./LevelTag";
import {
  DEFAULT_STEP,
  isJudged,
  toMilli,
  yesPoints,
  type Entry,
  type Facts,
  type Result,
  type Sheet,
  type SheetItem,
} from "./score";

import "./ratings.css";

const s = t.ratings.sheet;
const r = t.ratings;

/** The live total and level (with the caps that hold it down), read out as it changes. */
export function ScoreSummary({ result, max }: { result: Result; max: number }) {
  return (
    <div className="rt-summary" role="status" aria-live="polite" aria-label={s.summary}>
      <span className="rt-total">
        <span className="rt-sr-only">{s.total}: </span>
        <span data-testid="rating-total">{r.formatPoints(result.total)}</span>
        <small>/{r.formatPoints(max)}</small>
      </span>
      <span>
        {s.levelLabel}: <LevelTag level={result.level} />
      </span>
      {result.caps.length > 0 && (
        <div className="rt-caps" data-testid="rating-caps">
          <p>
            {s.byPoints(r.level[result.levelByPoints])}. {s.capped}
          </p>
          <ul>
            {result.caps.map((c) => (
              <li key={c.code} data-cap={c.code}>
                {c.note ?? r.caps[c.code] ?? r.capFallback}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

interface Props {
  sheet: Sheet;
  facts: Record<string, FactInfo>;
  values: Facts;
  entries: Record<string, Entry>;
  result: Result;
  /** Absent: read-only. */
  onChange?: (code: string, entry: Entry) => void;
  /** Show "not scored" problems too (after a first attempt to save). */
  strict?: boolean;
  /** The cell's points, shown beside the committee's when adjusting. */
  baseline?: Record<string, number | null | undefined>;
  heading?: "h3" | "h4";
}

/** The sheet item by item: computed items explained by their fact, judged items as controls. */
export function SheetEditor(props: Props) {
  const { sheet, result, heading = "h3" } = props;
  const H = heading;
  const byCode = Object.fromEntries(result.items.map((i) => [i.code, i]));
  const problems = new Map(result.problems.map((p) => [p.item, p.code]));
  return (
    <ol className="rt-criteria">
      {sheet.criteria.map((criterion, index) => {
        // Exact: thousandths of a point added as integers.
        const got =
          criterion.items.reduce((sum, i) => sum + toMilli(byCode[i.code]?.points ?? 0), 0) /
          1000;
        return (
          <li key={criterion.code}>
            <H>
              {index + 1}. {criterion.title}{" "}
              <span className="muted small">({r.of(got, criterion.max_points)})</span>
            </H>
            <ul className="rt-items">
              {criterion.items.map((item) => (
                <ItemRow
                  key={item.code}
                  item={item}
                  points={byCode[item.code]?.points ?? 0}
                  problem={problems.get(item.code)}
                  {...props}
                />
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}

interface RowProps extends Props {
  item: SheetItem;
  points: number;
  problem?: string;
}

function ItemRow(props: RowProps) {
  const { item, points, problem, facts, values, entries, onChange, strict, baseline } = props;
  const judged = isJudged(item, values);
  const fact = item.fact ? facts[item.fact] : undefined;
  const entry = entries[item.code] ?? {};
  const editable = Boolean(onChange) && judged;
  const base = baseline?.[item.code];
  const changed = baseline !== undefined && base != null && base !== points;
  const shown =
    problem &&
    (strict ||
      problem === "deduction_needs_note" ||
      problem === "score_above_max" ||
      problem === "points_off_step");
  const set = (patch: Partial<Entry>) => onChange?.(item.code, { ...entry, ...patch });
  return (
    <li className="rt-item" data-item={item.code}>
      <div className="rt-item-head">
        <span className="rt-item-title">{item.title}</span>
        <span className="rt-item-points">{r.of(points, item.max_points)}</span>
      </div>
      <div className="rt-item-meta">
        <span className="rt-badge">{judged ? s.judged : s.computed}</span>
        {fact && fact.value !== null && (
          <span>{s.fact(fact.label, formatFact(fact.kind, fact.value))}</span>
        )}
        {fact?.source && <div>{s.source(fact.source)}</div>}
        {item.source === "computed" && judged && <div>{s.missingFact}</div>}
        {item.hint && <div>{item.hint}</div>}
        {item.source_note && <div className="rt-source-note">{item.source_note}</div>}
        {baseline !== undefined && base != null && (
          <div>
            {s.cellGave(base)} {changed && <span className="rt-changed">· {s.changed}</span>}
          </div>
        )}
        {!editable && entry.note && <div>{t.ratings.page.note(entry.note)}</div>}
      </div>
      {editable && (
        <div className="rt-item-controls">
          {item.mode === "choice" ? (
            <Field label={s.choiceLabel(item.title)}>
              {(id) => (
                <NativeSelect
                  id={id}
                  value={entry.choice ?? ""}
                  placeholder={s.notScored}
                  options={(item.choices ?? []).map((c) => ({
                    value: c.code,
                    label: s.choice(c.label, c.points),
                  }))}
                  onChange={(e) => set({ choice: e.target.value || null })}
                />
              )}
            </Field>
          ) : item.mode === "yes_no" ? (
            <Field label={s.yesNoLabel(item.title)}>
              {(id) => (
                <NativeSelect
                  id={id}
                  value={entry.yes == null ? "" : entry.yes ? "yes" : "no"}
                  placeholder={s.notScored}
                  options={[
                    { value: "yes", label: s.yes(yesPoints(item)) },
                    { value: "no", label: s.no(item.no_points ?? 0) },
                  ]}
                  onChange={(e) =>
                    set({ yes: e.target.value === "" ? null : e.target.value === "yes" })
                  }
                />
              )}
            </Field>
          ) : (
            <PointsInput
              item={item}
              step={props.sheet.points_step ?? DEFAULT_STEP}
              value={entry.points ?? null}
              onValue={(p) => set({ points: p })}
            />
          )}
          <Field label={s.noteLabel(item.title)}>
            {(id) => (
              <Input.TextArea
                id={id}
                value={entry.note ?? ""}
                placeholder={s.notePlaceholder}
                autoSize={{ minRows: 1, maxRows: 4 }}
                maxLength={2000}
                aria-invalid={problem === "deduction_needs_note"}
                onChange={(e) => set({ note: e.target.value })}
              />
            )}
          </Field>
        </div>
      )}
      {shown && (
        <div className="field-error" role="alert">
          {s.problems[problem] ?? problem}
        </div>
      )}
    </li>
  );
}

/** Points typed on a phone: "4", "4,5" or "4.5"; the text stays as typed while it is edited. */
function PointsInput({
  item,
  step,
  value,
  onValue,
}: {
  item: SheetItem;
  step: number;
  value: number | null;
  onValue: (points: number | null) => void;
}) {
  const [text, setText] = useState(value == null ? "" : String(value).replace(".", ","));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    const parsed = parsePoints(text);
    if (parsed !== value && !(parsed === undefined && value === null)) {
      setText(value == null ? "" : String(value).replace(".", ","));
    }
    // Only when the value changes from outside (a reset, the server's answer).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <Field label={s.pointsLabel(item.title, item.max_points, step)}>
      {(id) => (
        <>
          <Input
            id={id}
            inputMode="decimal"
            value={text}
            aria-invalid={bad}
            onChange={(e) => {
              setText(e.target.value);
              const parsed = parsePoints(e.target.value);
              setBad(parsed === undefined);
              onValue(parsed === undefined ? null : parsed);
            }}
          />
          {bad && (
            <div className="field-error" role="alert">
              {s.problems.not_a_number}
            </div>
          )}
        </>
      )}
    </Field>
  );
}
