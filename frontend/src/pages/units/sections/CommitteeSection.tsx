import { Link } from "react-router";

import { api } from "../../../api/client";
import type { components } from "../../../api/schema";
import { ErrorNote } from "../../../components/ErrorNote";
import { t } from "../../../i18n/vi";
import { formatDate } from "../../../lib/format";
import { useApi } from "../useApi";
import { Loading } from "./Loading";

type Seat = components["schemas"]["CommitteePositionRead"];

const c = t.units.committee;
const ORDER: Record<string, number> = {
  secretary: 0,
  deputy_secretary: 1,
  committee_member: 2,
  chair: 0,
  deputy_chair: 1,
  member: 2,
};

function byPosition(seats: Seat[]): Seat[] {
  return [...seats].sort((a, b) => (ORDER[a.position] ?? 9) - (ORDER[b.position] ?? 9));
}

function SeatList({ seats, names }: { seats: Seat[]; names: Record<string, string> }) {
  return (
    <ul className="units-list">
      {seats.map((seat) => (
        <li key={seat.id}>
          <Link to={`/dang-vien/${seat.member_id}`} className="units-row-link">
            <span>
              <strong>{names[seat.position] ?? seat.position}</strong>: {seat.member_name}
            </span>
            <span className="muted">{c.term(seat.term_label, formatDate(seat.term_start))}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The seats of the unit's elected bodies: a cell's committee (chi ủy), or a đảng bộ's
 * committee (Ban Chấp hành) and inspection committee (Ủy ban Kiểm tra). */
export function CommitteeSection({ unitId, isCell }: { unitId: number; isCell: boolean }) {
  const seats = useApi(
    () => api.GET("/api/v1/units/{unit_id}/committee", { params: { path: { unit_id: unitId } } }),
    [unitId],
  );
  const all = seats.data ?? [];
  const committee = byPosition(all.filter((s) => s.body === "committee"));
  const inspection = byPosition(all.filter((s) => s.body === "inspection_committee"));
  if (seats.loading && !seats.data) {
    return (
      <>
        <h3>{isCell ? c.title : c.titleCommittee}</h3>
        <Loading />
      </>
    );
  }
  return (
    <>
      <h3>{isCell ? c.title : c.titleCommittee}</h3>
      <ErrorNote message={seats.error} />
      {committee.length === 0 && !seats.error ? (
        <p className="muted">{isCell ? c.empty : c.emptyCommittee}</p>
      ) : (
        <SeatList seats={committee} names={isCell ? c.position : c.basePosition} />
      )}
      {!isCell && !seats.error && (
        <>
          <h3>{c.titleInspection}</h3>
          {inspection.length === 0 ? (
            <p className="muted">{c.emptyInspection}</p>
          ) : (
            <SeatList seats={inspection} names={c.inspectionPosition} />
          )}
        </>
      )}
    </>
  );
}
