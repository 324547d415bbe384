import { Button, Input, List } from "antd";
import { useEffect, useRef, useState } from "react";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { DateInput } from "../../components/DateInput";
import { ErrorNote } from "../../components/ErrorNote";
import { Field } from "../../components/Field";
import { NativeSelect } from "../../components/NativeSelect";
import { t } from "../../i18n/vi";
import { parseDate } from "../../lib/dates";
import { formatDateTime } from "../../lib/format";
import {
  actionLabel,
  actorLabel,
  changedCount,
  ENTITIES,
  entityLabel,
  entryNotes,
} from "./auditLabels";
import {
  actionFilterChoices,
  auditQuery,
  NO_FILTERS,
  periodBackwards,
  type AuditFilters,
} from "./auditQuery";

type Entry = components["schemas"]["AuditEntryRead"];
const au = t.admin.audit;

/** /quan-tri/nhat-ky — the audit log, newest first, filtered and paged by the server. */
export default function AuditPage() {
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [loaded, setLoaded] = useState<Entry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [users, setUsers] = useState<{ value: number; label: string }[]>([]);
  // Only the answer to the latest request counts (filters changed while a page was loading).
  const latest = useRef(0);

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

  const load = async (f: AuditFilters, after: string | null, previous: Entry[]) => {
    const request = ++latest.current;
    setBusy(true);
    try {
      const { data, error: failure } = await api.GET("/api/v1/audit", {
        params: { query: auditQuery(f, after) },
      });
      if (request !== latest.current) return;
      if (!data) {
        // What was loaded stays, and "Tải thêm" with it, to try again.
        setError(errorOf(failure, t.errors.generic).message);
        return;
      }
      setError(null);
      setLoaded([...previous, ...data.items]);
      setCursor(data.next_cursor ?? null);
    } catch {
      if (request === latest.current) setError(t.errors.network);
    } finally {
      if (request === latest.current) setBusy(false);
    }
  };

  useEffect(() => {
    setLoaded(null);
    void load(filters, null, []);
  }, [filters]);

  const set = (key: keyof AuditFilters) => (e: { target: { value: string } }) =>
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
          // The days are typed dd/mm/yyyy; the query wants yyyy-mm-dd.
          const from = parseDate(draft.from);
          const to = parseDate(draft.to);
          if (from === undefined || to === undefined) {
            setError(t.dates.invalidDate);
            return;
          }
          const applied = { ...draft, from: from ?? "", to: to ?? "" };
          if (periodBackwards(applied)) {
            setError(au.backwards);
            return;
          }
          setError(null);
          setFilters(applied);
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
                options={actionFilterChoices()}
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
          <DateInput
            label={au.from}
            value={draft.from}
            onChange={(text) => setDraft({ ...draft, from: text })}
            hint={false}
          />
          <DateInput
            label={au.to}
            value={draft.to}
            onChange={(text) => setDraft({ ...draft, to: text })}
            hint={false}
          />
        </div>
        <div className="admin-actions">
          <Button type="primary" htmlType="submit">
            {au.apply}
          </Button>
          <Button
            onClick={() => {
              setDraft(NO_FILTERS);
              setFilters(NO_FILTERS);
            }}
          >
            {au.clear}
          </Button>
        </div>
      </form>
      <ErrorNote message={error} />
      {loaded && (
        <p className="muted" role="status">
          {au.shown(loaded.length, cursor !== null)}
        </p>
      )}
      {(loaded !== null || !error) && (
        <List
          className="admin-audit"
          loading={loaded === null}
          dataSource={loaded ?? []}
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
      )}
      {cursor && loaded && (
        <Button block loading={busy} onClick={() => void load(filters, cursor, loaded)}>
          {t.admin.loadMore}
        </Button>
      )}
    </>
  );
}
