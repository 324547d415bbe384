import { Button, Input, List } from "antd";
import { useEffect, useState } from "react";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorNote } from "../../components/ErrorNote";
import { Field } from "../../components/Field";
import { NativeSelect } from "../../components/NativeSelect";
import { t } from "../../i18n/vi";
import { formatDateTime } from "../../lib/format";
import {
  actionChoices,
  actionLabel,
  actorLabel,
  changedCount,
  ENTITIES,
  entityLabel,
  entryNotes,
} from "./auditLabels";

type Entry = components["schemas"]["AuditEntryRead"];
const au = t.admin.audit;
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

interface Filters {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  from: string;
  to: string;
}
const NONE: Filters = { actor: "", action: "", entity: "", entityId: "", from: "", to: "" };

/** A Vietnam day ("2026-11-26") as the instant it starts, or ends (exclusive). */
function vietnamMidnight(day: string, after = false): number {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y, m - 1, d + (after ? 1 : 0)) - VIETNAM_OFFSET_MS;
}

/**
 * The API filters by who, record and start day; the action and the end day are applied here
 * on the loaded pages (the log runs oldest first, so the end day also stops the paging).
 */
function keep(entry: Entry, f: Filters): boolean {
  if (f.action && entry.action !== f.action) return false;
  return !f.to || Date.parse(entry.occurred_at) < vietnamMidnight(f.to, true);
}

/** /quan-tri/nhat-ky — the audit log, filtered and paged. */
export default function AuditPage() {
  const [draft, setDraft] = useState<Filters>(NONE);
  const [filters, setFilters] = useState<Filters>(NONE);
  const [loaded, setLoaded] = useState<Entry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [users, setUsers] = useState<{ value: number; label: string }[]>([]);

  useEffect(() => {
    api
      .GET("/api/v1/users", { params: { query: { limit: 200 } } })
      .then(({ data }) =>
        setUsers(
          (data?.items ?? []).map((u) => ({
            value: u.id,
            label: `${u.full_name} (${u.username})`,
          })),
        ),
      )
      .catch(() => undefined);
  }, []);

  const load = async (f: Filters, after: string | null, previous: Entry[]) => {
    setBusy(true);
    try {
      const { data, error: failure } = await api.GET("/api/v1/audit", {
        params: {
          query: {
            limit: 50,
            ...(after ? { cursor: after } : {}),
            ...(f.actor ? { actor_user_id: Number(f.actor) } : {}),
            ...(f.entity ? { entity_type: f.entity } : {}),
            ...(f.entityId.trim() ? { entity_id: f.entityId.trim() } : {}),
            ...(f.from ? { since: new Date(vietnamMidnight(f.from)).toISOString() } : {}),
          },
        },
      });
      if (!data) {
        setError(errorOf(failure, t.errors.generic).message);
        return;
      }
      setError(null);
      const end = f.to ? vietnamMidnight(f.to, true) : Infinity;
      const pastEnd = data.items.some((e) => Date.parse(e.occurred_at) >= end);
      setLoaded([...previous, ...data.items.filter((e) => Date.parse(e.occurred_at) < end)]);
      setCursor(pastEnd ? null : (data.next_cursor ?? null));
    } catch {
      setError(t.errors.network);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    setLoaded(null);
    void load(filters, null, []);
  }, [filters]);

  const shown = (loaded ?? []).filter((e) => keep(e, filters));
  const set = (key: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: e.target.value });

  return (
    <>
      <h2>{au.title}</h2>
      <p className="muted">{au.intro}</p>
      <form
        className="admin-block admin-card"
        aria-label={au.apply}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ ...draft });
        }}
      >
        <div className="admin-filters">
          <Field label={au.who}>
            {(id) => (
              <NativeSelect
                id={id}
                value={draft.actor}
                placeholder={au.anyone}
                options={users}
                onChange={set("actor")}
              />
            )}
          </Field>
          <Field label={au.what}>
            {(id) => (
              <NativeSelect
                id={id}
                value={draft.action}
                placeholder={au.anyAction}
                options={actionChoices()}
                onChange={set("action")}
              />
            )}
          </Field>
          <Field label={au.entity}>
            {(id) => (
              <NativeSelect
                id={id}
                value={draft.entity}
                placeholder={au.anyEntity}
                options={Object.entries(ENTITIES).map(([value, label]) => ({ value, label }))}
                onChange={set("entity")}
              />
            )}
          </Field>
          <Field label={au.entityId}>
            {(id) => (
              <Input
                id={id}
                value={draft.entityId}
                inputMode="numeric"
                onChange={set("entityId")}
              />
            )}
          </Field>
          <Field label={au.from}>
            {(id) => (
              <input
                id={id}
                type="date"
                className="native-control"
                value={draft.from}
                onChange={set("from")}
              />
            )}
          </Field>
          <Field label={au.to}>
            {(id) => (
              <input
                id={id}
                type="date"
                className="native-control"
                value={draft.to}
                onChange={set("to")}
              />
            )}
          </Field>
        </div>
        <div className="admin-actions">
          <Button type="primary" htmlType="submit">
            {au.apply}
          </Button>
          <Button
            onClick={() => {
              setDraft(NONE);
              setFilters(NONE);
            }}
          >
            {au.clear}
          </Button>
        </div>
      </form>
      <ErrorNote message={error} />
      {loaded && (
        <p className="muted" role="status">
          {au.shown(shown.length, loaded.length)}
        </p>
      )}
      <List
        className="admin-audit"
        loading={loaded === null && !error}
        dataSource={shown}
        locale={{ emptyText: au.empty }}
        renderItem={(e) => {
          const notes = entryNotes(e);
          const changed = e.action.endsWith(".update") ? changedCount(e.before, e.after) : 0;
          return (
            <List.Item>
              <div>
                <strong>{actionLabel(e.action, e.entity_type)}</strong>
                <div className="muted">
                  {formatDateTime(e.occurred_at)} · {au.by(actorLabel(e))}
                </div>
                <div>{au.on(entityLabel(e.entity_type), e.entity_id)}</div>
                {(notes.length > 0 || changed > 0) && (
                  <div className="muted">
                    {[...(changed ? [au.changed(changed)] : []), ...notes].join(" · ")}
                  </div>
                )}
              </div>
            </List.Item>
          );
        }}
      />
      {cursor && loaded && (
        <Button block loading={busy} onClick={() => void load(filters, cursor, loaded)}>
          {t.admin.loadMore}
        </Button>
      )}
    </>
  );
}
