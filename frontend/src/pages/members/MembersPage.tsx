import { Button, Input, Spin } from "antd";
import { useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { useAuth } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { formatDate } from "../../lib/format";
import { SelectField } from "./fields";
import { unitName, useCells } from "./hooks";
import { canManageMembers } from "./logic";
import "./members.css";
import { StatusTags } from "./StatusTag";

type Member = components["schemas"]["MemberRead"];
type Status = components["schemas"]["MemberStatus"];
type State = components["schemas"]["MemberState"];

const m = t.members;
const STATES: State[] = ["active", "transferred_out", "removed", "deceased"];

/** /dang-vien — members in the caller's scope, searched and filtered by the server. */
export default function MembersPage() {
  const { me } = useAuth();
  const navigate = useNavigate();
  const cells = useCells();
  // Filters live in the address, so that coming back from a member keeps them.
  const [params, setParams] = useSearchParams();
  const status = params.get("loai") ?? "";
  const unit = params.get("chi-bo") ?? "";
  const state = params.get("tinh-trang") ?? "active";
  const [query, setQuery] = useState(params.get("q") ?? "");
  const [items, setItems] = useState<Member[] | null>(null);
  // The filters the shown items answer: the count is shown only for the settled query, never
  // a previous filter's while the new one loads.
  const filters = JSON.stringify([query.trim(), status, unit, state]);
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const setParam = (key: string, value: string) =>
    setParams(
      (p) => {
        if (value) p.set(key, value);
        else p.delete(key);
        return p;
      },
      { replace: true },
    );

  const fetchPage = (cursor: string | null) =>
    api.GET("/api/v1/members", {
      params: {
        query: {
          // The server searches without diacritics and sorts the Vietnamese way.
          q: query.trim() || undefined,
          status: (status || undefined) as Status | undefined,
          unit_id: unit ? Number(unit) : undefined,
          state: state === "all" ? undefined : (state as State),
          include_left: state === "all",
          limit: 200,
          cursor: cursor ?? undefined,
        },
      },
    });

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      fetchPage(null)
        .then(({ data, error: failure }) => {
          if (!live) return;
          if (data) {
            setItems(data.items);
            setLoadedFor(filters);
            setNext(data.next_cursor ?? null);
            setError(null);
          } else setError(errorOf(failure, t.errors.generic).message);
        })
        .catch(() => live && setError(t.errors.network));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // fetchPage reads exactly these.
  }, [query, status, unit, state]);

  const more = async () => {
    if (!next) return;
    setLoadingMore(true);
    const { data, error: failure } = await fetchPage(next);
    setLoadingMore(false);
    if (data) {
      setItems((old) => [...(old ?? []), ...data.items]);
      setNext(data.next_cursor ?? null);
    } else setError(errorOf(failure, t.errors.generic).message);
  };

  const manyCells = (cells?.length ?? 0) > 1;
  return (
    <>
      <div className="members-toolbar">
        <h2>{m.title}</h2>
        {canManageMembers(me?.role) && (
          <Button type="primary" onClick={() => navigate("/dang-vien/moi")}>
            {m.add}
          </Button>
        )}
      </div>
      <Input.Search
        aria-label={t.search}
        placeholder={m.searchPlaceholder}
        allowClear
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          // At once, not after the pause: a later navigation would undo a click meanwhile.
          setParam("q", e.target.value.trim());
        }}
        style={{ marginBottom: 12 }}
      />
      <div className="members-filters" role="group" aria-label={m.filters}>
        <SelectField
          label={m.filterStatus}
          value={status}
          onChange={(v) => setParam("loai", v)}
          placeholder={m.allStatuses}
          options={[
            { value: "official", label: m.official },
            { value: "probationary", label: m.probationary },
          ]}
        />
        {manyCells && (
          <SelectField
            label={m.filterUnit}
            value={unit}
            onChange={(v) => setParam("chi-bo", v)}
            placeholder={m.allUnits}
            options={(cells ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        )}
        <SelectField
          label={m.filterState}
          value={state}
          onChange={(v) => setParam("tinh-trang", v === "active" ? "" : v)}
          options={[
            ...STATES.map((s) => ({ value: s, label: m.state[s] })),
            { value: "all", label: m.stateFilter.all },
          ]}
        />
      </div>
      <ErrorNote message={error} />
      {items === null && !error && <Spin tip={t.loading} />}
      {items && (
        <>
          <p className="muted" aria-live="polite">
            {loadedFor === filters ? m.count(items.length) : t.loading}
          </p>
          {items.length === 0 ? (
            <p className="muted">{m.empty}</p>
          ) : (
            <ul className="members-list" style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {items.map((member) => (
                <li key={member.id}>
                  <MemberRow
                    member={member}
                    unit={manyCells ? unitName(cells, member.unit_id) : null}
                  />
                </li>
              ))}
            </ul>
          )}
          {next && (
            <Button block loading={loadingMore} onClick={more} style={{ marginTop: 12 }}>
              {m.more}
            </Button>
          )}
        </>
      )}
    </>
  );
}

function MemberRow({ member, unit }: { member: Member; unit: string | null }) {
  const meta = [
    unit,
    member.admission_date ? `${m.page.admission}: ${formatDate(member.admission_date)}` : null,
  ].filter(Boolean);
  return (
    <Link to={`/dang-vien/${member.id}`} className="members-row">
      <span className="members-row-head">
        <span>{member.full_name}</span>
        <StatusTags member={member} />
      </span>
      {meta.length > 0 && <span className="members-row-meta muted">{meta.join(" · ")}</span>}
    </Link>
  );
}
