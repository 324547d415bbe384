import { Card, Spin } from "antd";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { formatDate } from "../../lib/format";
import { readableSheet } from "./sheetView";

type Sheet = components["schemas"]["SheetRead"];
const s = t.admin.sheets;

/** /quan-tri/phieu-danh-gia/:id — one version: levels, criteria, items, how each is scored. */
export default function SheetPage() {
  const { id } = useParams();
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .GET("/api/v1/rating-sheets/{sheet_id}", { params: { path: { sheet_id: Number(id) } } })
      .then(({ data, error: failure }) =>
        data ? setSheet(data) : setError(errorOf(failure, t.errors.notFound).message),
      )
      .catch(() => setError(t.errors.network));
  }, [id]);

  if (error) return <ErrorNote message={error} />;
  if (!sheet) return <Spin tip={t.loading} />;
  const view = readableSheet(sheet.definition as Record<string, unknown>);

  return (
    <article className="admin-sheet">
      <Link to="/quan-tri/phieu-danh-gia" className="admin-back">
        ‹ {t.admin.back}
      </Link>
      <h2>{sheet.name}</h2>
      <p>
        <strong>{s.version(sheet.version_number)}</strong>,{" "}
        {s.effectiveFrom(formatDate(sheet.effective_from))}
        {view.total && ` · ${s.totalPoints(view.total)}`}
      </p>
      {sheet.meeting_types.length > 0 && (
        <p>
          {s.meetingTypes}: {sheet.meeting_types.map((m) => t.meetings.type[m]).join(", ")}
        </p>
      )}
      {sheet.source_note && (
        <p className="muted">
          {s.source}: {sheet.source_note}
        </p>
      )}
      <Card className="admin-block">
        <h3>{s.levels}</h3>
        <ul className="admin-levels">
          {view.levels.map((l) => (
            <li key={l.name}>
              <strong>{l.name}</strong>: {s.levelFrom(l.from)}
            </li>
          ))}
        </ul>
        {view.caps.length > 0 && (
          <>
            <h4>{s.caps}</h4>
            <ul>
              {view.caps.map((c, i) => (
                <li key={i}>
                  {s.capTo(c.level)}
                  {c.note && `: ${c.note}`}
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>
      <h3>{s.criteria}</h3>
      {view.criteria.map((c, ci) => (
        <Card className="admin-block" key={ci}>
          <h4>{s.criterion(ci + 1, c.title, c.points)}</h4>
          <ol className="admin-items">
            {c.items.map((item, ii) => (
              <li key={ii}>
                <div>
                  {item.title} <strong>({s.points(item.points)})</strong>
                </div>
                {item.how.length > 0 && (
                  <ul className="muted">
                    {item.how.map((h, hi) => (
                      <li key={hi}>{h}</li>
                    ))}
                  </ul>
                )}
                {item.hint && <div className="muted">{item.hint}</div>}
              </li>
            ))}
          </ol>
        </Card>
      ))}
    </article>
  );
}
