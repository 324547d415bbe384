import { App, Button, Input, Spin } from "antd";
import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";

import { api } from "../../api/client";
import { useAuth, type Me } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { Field } from "../../components/Field";
import { NativeSelect } from "../../components/NativeSelect";
import { t } from "../../i18n/vi";
import { compareNames, formatDate } from "../../lib/format";
import { useAction, useLoad } from "../meeting/hooks";
import { inspectableMeetings, yearRange } from "./inspection";
import { StatusTag } from "./LevelTag";
import { isCommittee } from "./roles";
import type { InspectionSummary } from "./types";

const x = t.inspections;
const COMMITTEE_UNITS = new Set(["base_committee", "superior_committee"]);
const INSPECTOR_ROLES = new Set(["admin", "superior_committee", "base_committee"]);

/** /danh-gia/kiem-tra — plans and inspections in scope; a cell's concluded inspections. */
export default function InspectionsPage() {
  const { me } = useAuth();
  if (!me) return null;
  return (
    <div className="rt-page">
      <Link className="rt-link" to="/danh-gia">
        ‹ {x.back}
      </Link>
      <h2>{x.title}</h2>
      {isCommittee(me.role) ? <CommitteeView me={me} /> : <CellView unitId={me.unit_id} />}
    </div>
  );
}

function CellView({ unitId }: { unitId: number }) {
  const list = useLoad(
    () =>
      api.GET("/api/v1/units/{unit_id}/inspections", {
        params: { path: { unit_id: unitId }, query: { limit: 200 } },
      }),
    [unitId],
  );
  return (
    <>
      <h3>{x.cellList}</h3>
      <ErrorNote message={list.error} />
      {list.data ? (
        <InspectionList items={list.data.items} empty={x.cellListEmpty} label={x.cellList} />
      ) : (
        !list.error && <Spin />
      )}
    </>
  );
}

function CommitteeView({ me }: { me: Me }) {
  const units = useLoad(
    () => api.GET("/api/v1/units", { params: { query: { limit: 200, active: true } } }),
    [],
  );
  const committees = useMemo(
    () => (units.data?.items ?? []).filter((u) => COMMITTEE_UNITS.has(u.kind)),
    [units.data],
  );
  const [unitId, setUnitId] = useState<number | null>(null);
  useEffect(() => {
    if (unitId !== null || committees.length === 0) return;
    setUnitId(committees.find((u) => u.id === me.unit_id)?.id ?? committees[0].id);
  }, [committees, unitId, me.unit_id]);
  const unit = committees.find((u) => u.id === unitId);
  const cells = useMemo(
    () =>
      (units.data?.items ?? []).filter(
        (u) => u.kind === "cell" && unit && u.path.startsWith(unit.path),
      ),
    [units.data, unit],
  );

  if (units.error) return <ErrorNote message={units.error} />;
  if (!units.data) return <Spin />;
  return (
    <>
      {committees.length > 1 && (
        <Field label={x.committee}>
          {(id) => (
            <NativeSelect
              id={id}
              value={unitId ?? ""}
              options={committees.map((u) => ({ value: u.id, label: u.name }))}
              onChange={(e) => setUnitId(Number(e.target.value))}
            />
          )}
        </Field>
      )}
      {unit && <Plans key={unit.id} unitId={unit.id} cells={cells} me={me} />}
    </>
  );
}

interface Cell {
  id: number;
  name: string;
}

function Plans({ unitId, cells, me }: { unitId: number; cells: Cell[]; me: Me }) {
  const plans = useLoad(
    () =>
      api.GET("/api/v1/units/{unit_id}/inspection-plans", {
        params: { path: { unit_id: unitId } },
      }),
    [unitId],
  );
  const [planId, setPlanId] = useState<number | null>(null);
  const list = plans.data ?? [];
  const plan = list.find((p) => p.id === planId) ?? list[0];
  if (plans.error) return <ErrorNote message={plans.error} />;
  if (!plans.data) return <Spin />;
  return (
    <>
      <h3>{x.plans}</h3>
      {list.length === 0 ? (
        <p className="muted">{x.noPlan}</p>
      ) : (
        <Field label={x.plan}>
          {(id) => (
            <NativeSelect
              id={id}
              value={plan?.id ?? ""}
              options={list.map((p) => ({ value: p.id, label: `${p.year} – ${p.title}` }))}
              onChange={(e) => setPlanId(Number(e.target.value))}
            />
          )}
        </Field>
      )}
      {plan?.content && <p className="pre muted">{plan.content}</p>}
      <NewPlan
        unitId={unitId}
        years={list.map((p) => p.year)}
        onCreated={(id) => {
          setPlanId(id);
          plans.reload();
        }}
      />
      {plan && (
        <PlanInspections key={plan.id} planId={plan.id} year={plan.year} cells={cells} me={me} />
      )}
    </>
  );
}

function NewPlan({
  unitId,
  years,
  onCreated,
}: {
  unitId: number;
  years: number[];
  onCreated: (planId: number) => void;
}) {
  const { message } = App.useApp();
  const act = useAction();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(years.includes(thisYear) ? thisYear + 1 : thisYear));
  const [title, setTitle] = useState("");
  const [content, setContent] = useState("");
  const [invalid, setInvalid] = useState<string | null>(null);
  const submit = () => {
    const y = Number(year);
    if (!/^\d{4}$/.test(year.trim()) || y < 2000 || y > 2100) return setInvalid(x.yearInvalid);
    setInvalid(null);
    void act.run(
      () =>
        api.POST("/api/v1/units/{unit_id}/inspection-plans", {
          params: { path: { unit_id: unitId } },
          body: {
            year: y,
            title: title.trim() || x.planTitleDefault(y),
            content: content.trim() || null,
          },
        }),
      (plan) => {
        setTitle("");
        setContent("");
        void message.success(x.planCreated);
        onCreated(plan.id);
      },
    );
  };
  return (
    <form
      className="ws-block"
      aria-labelledby="ins-new-plan"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h4 id="ins-new-plan">{x.newPlan}</h4>
      <Field label={x.planYear}>
        {(id) => (
          <Input
            id={id}
            inputMode="numeric"
            value={year}
            onChange={(e) => setYear(e.target.value)}
          />
        )}
      </Field>
      <Field label={x.planTitle}>
        {(id) => (
          <Input
            id={id}
            value={title}
            maxLength={300}
            placeholder={x.planTitleDefault(Number(year) || thisYear)}
            onChange={(e) => setTitle(e.target.value)}
          />
        )}
      </Field>
      <Field label={x.planContent}>
        {(id) => (
          <Input.TextArea
            id={id}
            value={content}
            autoSize={{ minRows: 2, maxRows: 6 }}
            onChange={(e) => setContent(e.target.value)}
          />
        )}
      </Field>
      {invalid && (
        <div role="alert" className="field-error">
          {invalid}
        </div>
      )}
      <ErrorNote message={act.error} />
      <Button htmlType="submit" block loading={act.busy}>
        {x.createPlan}
      </Button>
    </form>
  );
}

function PlanInspections({
  planId,
  year,
  cells,
  me,
}: {
  planId: number;
  year: number;
  cells: Cell[];
  me: Me;
}) {
  const list = useLoad(
    () =>
      api.GET("/api/v1/inspection-plans/{plan_id}/inspections", {
        params: { path: { plan_id: planId } },
      }),
    [planId],
  );
  const items = list.data ?? [];
  const mine = items.filter((i) => i.inspector_user_id === me.id && i.status === "planned");
  return (
    <>
      <h3>{x.mine}</h3>
      <InspectionList items={mine} empty={x.mineEmpty} label={x.mine} />
      <Assign planId={planId} year={year} cells={cells} />
      <h3>{x.list}</h3>
      <ErrorNote message={list.error} />
      {list.data ? (
        <InspectionList items={items} empty={x.listEmpty} label={x.list} />
      ) : (
        !list.error && <Spin />
      )}
    </>
  );
}

function Assign({ planId, year, cells }: { planId: number; year: number; cells: Cell[] }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const act = useAction();
  const [cellId, setCellId] = useState("");
  const [meetingId, setMeetingId] = useState("");
  const [inspectorId, setInspectorId] = useState("");
  const [invalid, setInvalid] = useState<string | null>(null);
  const range = yearRange(year);
  const meetings = useLoad(
    () =>
      cellId
        ? api.GET("/api/v1/meetings", {
            params: {
              query: {
                unit_id: Number(cellId),
                starts_from: range.from,
                starts_before: range.before,
                limit: 200,
              },
            },
          })
        : Promise.resolve({ data: undefined, error: undefined, response: new Response("{}") }),
    [cellId, year],
  );
  const users = useLoad(
    () => api.GET("/api/v1/users", { params: { query: { active: true, limit: 200 } } }),
    [],
  );
  const inspectors = (users.data?.items ?? [])
    .filter((u) => INSPECTOR_ROLES.has(u.role))
    .sort((a, b) => compareNames(a.full_name, b.full_name));
  const options = inspectableMeetings(meetings.data?.items ?? []);

  const submit = () => {
    if (!meetingId || !inspectorId) return setInvalid(x.pickAll);
    setInvalid(null);
    void act.run(
      () =>
        api.POST("/api/v1/inspection-plans/{plan_id}/inspections", {
          params: { path: { plan_id: planId } },
          body: { meeting_id: Number(meetingId), inspector_user_id: Number(inspectorId) },
        }),
      (inspection) => {
        void message.success(x.assigned);
        navigate(`/danh-gia/kiem-tra/${inspection.id}`);
      },
    );
  };

  return (
    <form
      className="ws-block"
      aria-labelledby="ins-assign"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h4 id="ins-assign">{x.assign}</h4>
      <Field label={x.cell}>
        {(id) => (
          <NativeSelect
            id={id}
            value={cellId}
            placeholder={x.chooseCell}
            options={cells.map((c) => ({ value: c.id, label: c.name }))}
            onChange={(e) => {
              setCellId(e.target.value);
              setMeetingId("");
            }}
          />
        )}
      </Field>
      <Field label={x.meeting}>
        {(id) => (
          <NativeSelect
            id={id}
            value={meetingId}
            disabled={!cellId}
            placeholder={x.chooseMeeting}
            options={options.map((m) => ({
              value: m.id,
              label: x.meetingOption(
                formatDate(m.planned_start),
                m.title,
                t.meetings.status[m.status] ?? m.status,
              ),
            }))}
            onChange={(e) => setMeetingId(e.target.value)}
          />
        )}
      </Field>
      {cellId && meetings.data && options.length === 0 && (
        <p className="muted">{x.noMeetings}</p>
      )}
      <Field label={x.inspector}>
        {(id) => (
          <NativeSelect
            id={id}
            value={inspectorId}
            placeholder={x.chooseInspector}
            options={inspectors.map((u) => ({
              value: u.id,
              label: u.unit_name ? `${u.full_name} – ${u.unit_name}` : u.full_name,
            }))}
            onChange={(e) => setInspectorId(e.target.value)}
          />
        )}
      </Field>
      {invalid && (
        <div role="alert" className="field-error">
          {invalid}
        </div>
      )}
      <ErrorNote message={act.error ?? meetings.error ?? users.error} />
      <Button htmlType="submit" type="primary" block loading={act.busy}>
        {x.assignSubmit}
      </Button>
    </form>
  );
}

export function InspectionList({
  items,
  empty,
  label,
}: {
  items: InspectionSummary[];
  empty: string;
  label: string;
}) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="rt-list" aria-label={label}>
      {items.map((i) => (
        <li key={i.id}>
          <Link className="rt-row" to={`/danh-gia/kiem-tra/${i.id}`}>
            <span className="rt-row-title">{i.meeting_title}</span>
            <span className="rt-row-line">
              <span>{x.row(i.cell_name, formatDate(i.meeting_day))}</span>
              <StatusTag status={i.status} labels={x.status} />
            </span>
            <span className="rt-row-line muted">{x.by(i.inspector_name)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
