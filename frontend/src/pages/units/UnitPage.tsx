import { Spin } from "antd";
import { Link, useParams, useSearchParams } from "react-router";

import { api } from "../../api/client";
import { useAuth } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { Field } from "../../components/Field";
import { NativeSelect } from "../../components/NativeSelect";
import { t } from "../../i18n/vi";
import { vietnamToday, yearChoices } from "./compliance";
import { CellsSection } from "./sections/CellsSection";
import { ChartsSection } from "./sections/ChartsSection";
import { CommitteeSection } from "./sections/CommitteeSection";
import { ComplianceSection } from "./sections/ComplianceSection";
import { MembersSection } from "./sections/MembersSection";
import { RatingsSection } from "./sections/RatingsSection";
import { useApi } from "./useApi";
import "./units.css";

const u = t.units;
const CELL_TABS = ["compliance", "ratings", "charts", "members", "committee"] as const;
const COMMITTEE_TABS = ["cells", "ratings", "charts", "members", "committee"] as const;
type Tab = (typeof CELL_TABS)[number] | (typeof COMMITTEE_TABS)[number];

/** /to-chuc/:id — a cell's or a committee's page: sections as tabs, for a chosen year. */
export default function UnitPage() {
  const { id } = useParams();
  const { me } = useAuth();
  const [search, setSearch] = useSearchParams();
  const unitId = Number(id);
  const thisYear = vietnamToday().year;
  const year = Number(search.get("nam")) || thisYear;
  const unit = useApi(
    () => api.GET("/api/v1/units/{unit_id}", { params: { path: { unit_id: unitId } } }),
    [unitId],
  );

  if (
    !Number.isInteger(unitId) ||
    unit.status === 404 ||
    unit.status === 403 ||
    unit.status === 422
  ) {
    return <NotFound showTree={me?.role !== "cell_secretary" && me?.role !== "member"} />;
  }
  if (unit.error && !unit.data) return <ErrorNote message={unit.error} />;
  if (!unit.data || unit.data.id !== unitId) {
    return (
      <Spin tip={t.loading}>
        <div style={{ minHeight: 80 }} />
      </Spin>
    );
  }
  const data = unit.data;
  const isCell = data.kind === "cell";
  const tabs: readonly Tab[] = isCell ? CELL_TABS : COMMITTEE_TABS;
  const asked = search.get("muc") as Tab | null;
  const tab: Tab = asked && tabs.includes(asked) ? asked : tabs[0];
  const choose = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    next.set(key, value);
    setSearch(next, { replace: true });
  };

  return (
    <div className="units-page">
      <h2 className="units-title">{data.name}</h2>
      <p className="muted units-meta">
        {u.kind[data.kind]} ·{" "}
        {u.counts(data.member_count, data.official_count, data.probationary_count)}
      </p>
      {data.understaffed && <p className="units-warning">{u.understaffed}</p>}
      <div className="units-year">
        <Field label={u.year}>
          {(fieldId) => (
            <NativeSelect
              id={fieldId}
              value={year}
              onChange={(e) => choose("nam", e.target.value)}
              options={yearChoices(thisYear).map((y) => ({ value: y, label: String(y) }))}
            />
          )}
        </Field>
      </div>
      <nav className="units-tabs" aria-label={u.sections}>
        {tabs.map((key) => (
          <button
            key={key}
            type="button"
            className="units-tab"
            aria-pressed={tab === key}
            onClick={() => choose("muc", key)}
          >
            {key === "committee" && !isCell ? u.committee.titleCommittee : u.tabs[key]}
          </button>
        ))}
      </nav>
      <section className="units-section">
        {tab === "compliance" && <ComplianceSection unitId={unitId} year={year} />}
        {tab === "cells" && <CellsSection unitId={unitId} year={year} />}
        {tab === "ratings" && <RatingsSection unitId={unitId} year={year} isCell={isCell} />}
        {tab === "charts" && <ChartsSection unitId={unitId} year={year} isCell={isCell} />}
        {tab === "members" && <MembersSection unitId={unitId} />}
        {tab === "committee" && <CommitteeSection unitId={unitId} isCell={isCell} />}
      </section>
    </div>
  );
}

function NotFound({ showTree }: { showTree: boolean }) {
  return (
    <div className="units-page">
      <h2>{u.treeTitle}</h2>
      <ErrorNote message={u.notFound} />
      {showTree && (
        <p>
          <Link to="/to-chuc" className="units-link">
            {u.backToTree}
          </Link>
        </p>
      )}
    </div>
  );
}
