import { Button, List } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { useAuth } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { Field } from "../../components/Field";
import { NativeSelect, type Choice } from "../../components/NativeSelect";
import { t } from "../../i18n/vi";
import { CreateMeetingForm } from "../meeting/CreateMeetingForm";
import { managesMeetings } from "../meeting/logic";
import type { Month } from "./calendarGrid";
import { MeetingLink, MeetingsCalendar } from "./MeetingsCalendar";
import {
  activeFilters,
  filterQuery,
  readState,
  writeState,
  type MeetingFilters,
  type MeetingsState,
} from "./meetingFilters";
import "./meetings.css";

type Meeting = components["schemas"]["MeetingRead"];
const c = t.calendar;

/** /sinh-hoat — the meetings of the caller's scope, as a list or a month calendar. */
export default function MeetingsPage() {
  const [params, setParams] = useSearchParams();
  const state = readState(params, new Date());
  const [creating, setCreating] = useState(false);
  const { me } = useAuth();
  const update = (change: Partial<MeetingsState>) =>
    setParams(writeState({ ...state, ...change }), { replace: true });
  // The same objects while their content is the same, so that the views load on real changes.
  const filtersKey = JSON.stringify(state.filters);
  const monthKey = JSON.stringify(state.month);
  const filters = useMemo(() => JSON.parse(filtersKey) as MeetingFilters, [filtersKey]);
  const month = useMemo(() => JSON.parse(monthKey) as Month, [monthKey]);

  return (
    <>
      <h2>{t.meetings.title}</h2>
      {me &&
        managesMeetings(me.role) &&
        (creating ? (
          <CreateMeetingForm onClose={() => setCreating(false)} />
        ) : (
          <Button
            type="primary"
            block
            onClick={() => setCreating(true)}
            style={{ marginBottom: 12 }}
          >
            {t.workspace.create.open}
          </Button>
        ))}
      <div className="meetings-views" role="group" aria-label={c.views}>
        <Button
          aria-pressed={state.view === "list"}
          type={state.view === "list" ? "primary" : "default"}
          onClick={() => update({ view: "list" })}
        >
          {c.list}
        </Button>
        <Button
          aria-pressed={state.view === "month"}
          type={state.view === "month" ? "primary" : "default"}
          onClick={() => update({ view: "month" })}
        >
          {c.month}
        </Button>
      </div>
      <Filters
        filters={state.filters}
        showUnit={!!me && me.role !== "cell_secretary" && me.role !== "member"}
        onChange={(f) => update({ filters: f })}
      />
      {state.view === "month" ? (
        <MeetingsCalendar month={month} filters={filters} onMonth={(m) => update({ month: m })} />
      ) : (
        <MeetingsList filters={filters} />
      )}
    </>
  );
}

function MeetingsList({ filters }: { filters: MeetingFilters }) {
  const [items, setItems] = useState<Meeting[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setItems(null);
    setError(null);
    // The most recent year: from twelve months back.
    const from = new Date(Date.now() - 365 * 24 * 3600 * 1000).toISOString();
    api
      .GET("/api/v1/meetings", {
        params: { query: { starts_from: from, limit: 200, ...filterQuery(filters) } },
      })
      .then(({ data, error: failure }) => {
        if (!live) return;
        if (data) setItems([...data.items].reverse());
        else setError(errorOf(failure, t.errors.generic).message);
      })
      .catch(() => live && setError(t.errors.network));
    return () => {
      live = false;
    };
  }, [filters]);

  return (
    <>
      <p className="muted">{c.listRange}</p>
      <ErrorNote message={error} />
      <List
        loading={items === null && !error}
        dataSource={items ?? []}
        locale={{ emptyText: t.meetings.empty }}
        renderItem={(m) => <MeetingLink meeting={m} withDate />}
      />
    </>
  );
}

function Filters({
  filters,
  showUnit,
  onChange,
}: {
  filters: MeetingFilters;
  showUnit: boolean;
  onChange: (filters: MeetingFilters) => void;
}) {
  const [units, setUnits] = useState<Choice[]>([]);
  const count = activeFilters(filters);

  useEffect(() => {
    if (!showUnit) return;
    api
      .GET("/api/v1/units", { params: { query: { limit: 200, active: true } } })
      .then(({ data }) =>
        setUnits(
          (data?.items ?? [])
            .filter((u) => u.kind === "cell" || u.kind === "base_committee")
            .map((u) => ({ value: u.id, label: u.name })),
        ),
      )
      .catch(() => undefined);
  }, [showUnit]);

  const options = (labels: Record<string, string>): Choice[] =>
    Object.entries(labels).map(([value, label]) => ({ value, label }));

  return (
    <details className="meetings-filters" open={count > 0}>
      <summary>{count ? c.filtersActive(count) : c.filters}</summary>
      <div className="meetings-filter-fields">
        <Field label={c.status}>
          {(id) => (
            <NativeSelect
              id={id}
              value={filters.status}
              placeholder={c.any}
              options={options(t.meetings.status)}
              onChange={(e) => onChange({ ...filters, status: e.target.value })}
            />
          )}
        </Field>
        <Field label={c.type}>
          {(id) => (
            <NativeSelect
              id={id}
              value={filters.type}
              placeholder={c.any}
              options={options(t.meetings.type)}
              onChange={(e) => onChange({ ...filters, type: e.target.value })}
            />
          )}
        </Field>
        {showUnit && (
          <Field label={c.unit}>
            {(id) => (
              <NativeSelect
                id={id}
                value={filters.unit}
                placeholder={c.any}
                options={units}
                onChange={(e) => onChange({ ...filters, unit: e.target.value })}
              />
            )}
          </Field>
        )}
      </div>
      {count > 0 && (
        <Button onClick={() => onChange({ status: "", type: "", unit: "" })}>{c.clear}</Button>
      )}
    </details>
  );
}
