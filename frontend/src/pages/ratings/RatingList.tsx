import { Link } from "react-router";

import { t } from "../../i18n/vi";
import { formatDate } from "../../lib/format";
import { LevelTag, StatusTag } from "./LevelTag";
import type { RatingSummary } from "./types";

const r = t.ratings;

/** Ratings as thumb-sized rows: meeting, cell, day, status, the cell's and the final level. */
export function RatingList({
  items,
  empty,
  label,
}: {
  items: RatingSummary[];
  empty: string;
  label: string;
}) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="rt-list" aria-label={label}>
      {items.map((x) => (
        <li key={x.id}>
          <Link className="rt-row" to={`/danh-gia/${x.id}`}>
            <span className="rt-row-title">{x.meeting_title}</span>
            <span className="rt-row-line">
              <span>
                {x.unit_name} · {formatDate(x.meeting_day)}
              </span>
              <StatusTag status={x.status} />
            </span>
            <span className="rt-row-line">
              {x.self_total != null && (
                <span>
                  {r.home.selfScore(r.formatPoints(x.self_total))}
                  <LevelTag level={x.proposed_level ?? x.self_level} />
                </span>
              )}
              {x.status === "final" && x.approved_total != null && (
                <span>
                  {r.home.approvedScore(r.formatPoints(x.approved_total))}
                  <LevelTag level={x.approved_level} />
                </span>
              )}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
