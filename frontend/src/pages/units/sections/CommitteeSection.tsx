import { Link } from "react-router";

import { api } from "../../../api/client";
import { ErrorNote } from "../../../components/ErrorNote";
import { t } from "../../../i18n/vi";
import { formatDate } from "../../../lib/format";
import { useApi } from "../useApi";
import { Loading } from "./Loading";

const c = t.units.committee;
const ORDER: Record<string, number> = { secretary: 0, deputy_secretary: 1, committee_member: 2 };

/** The seats of the unit's committee (chi ủy, or the party committee of a đảng bộ). */
export function CommitteeSection({ unitId, isCell }: { unitId: number; isCell: boolean }) {
  const seats = useApi(
    () => api.GET("/api/v1/units/{unit_id}/committee", { params: { path: { unit_id: unitId } } }),
    [unitId],
  );
  const rows = [...(seats.data ?? [])].sort(
    (a, b) => (ORDER[a.position] ?? 9) - (ORDER[b.position] ?? 9),
  );
  return (
    <>
      <h3>{isCell ? c.title : c.titleCommittee}</h3>
      <ErrorNote message={seats.error} />
      {seats.loading && !seats.data ? (
        <Loading />
      ) : rows.length === 0 && !seats.error ? (
        <p className="muted">{c.empty}</p>
      ) : (
        <ul className="units-list">
          {rows.map((seat) => (
            <li key={seat.id}>
              <Link to={`/dang-vien/${seat.member_id}`} className="units-row-link">
                <span>
                  <strong>{c.position[seat.position]}</strong>: {seat.member_name}
                </span>
                <span className="muted">
                  {c.term(seat.term_label, formatDate(seat.term_start))}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
