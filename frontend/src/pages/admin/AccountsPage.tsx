import { Button, Input, List, Tag } from "antd";
import { useEffect, useState } from "react";
import { Link } from "react-router";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorNote } from "../../components/ErrorNote";
import { Field } from "../../components/Field";
import { NativeSelect } from "../../components/NativeSelect";
import { t } from "../../i18n/vi";
import { ROLES } from "./accountRules";
import { CreateAccountForm } from "./CreateAccountForm";
import { unitChoices, useUnits } from "./useUnits";

type User = components["schemas"]["UserRead"];
const a = t.admin.accounts;

interface Query {
  q: string;
  role: string;
  unit: string;
  active: string;
}

/** /quan-tri/tai-khoan — find, filter and create accounts. */
export default function AccountsPage() {
  const units = useUnits();
  const [query, setQuery] = useState<Query>({ q: "", role: "", unit: "", active: "" });
  const [search, setSearch] = useState("");
  const [items, setItems] = useState<User[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [reload, setReload] = useState(0);

  // Typing searches after a short pause, not at every key.
  useEffect(() => {
    const timer = setTimeout(() => setQuery((q) => ({ ...q, q: search.trim() })), 300);
    return () => clearTimeout(timer);
  }, [search]);

  const load = async (after: string | null) => {
    const { data, error: failure } = await api.GET("/api/v1/users", {
      params: {
        query: {
          limit: 50,
          ...(after ? { cursor: after } : {}),
          ...(query.q ? { q: query.q } : {}),
          ...(query.role ? { role: query.role as User["role"] } : {}),
          ...(query.unit ? { unit_id: Number(query.unit) } : {}),
          ...(query.active ? { active: query.active === "true" } : {}),
        },
      },
    });
    if (!data) {
      setError(errorOf(failure, t.errors.generic).message);
      return null;
    }
    setError(null);
    setCursor(data.next_cursor ?? null);
    return data.items;
  };

  useEffect(() => {
    let live = true;
    setItems(null);
    load(null)
      .then((page) => live && setItems(page ?? []))
      .catch(() => live && setError(t.errors.network));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, reload]);

  return (
    <>
      <h2>{a.title}</h2>
      {creating ? (
        <CreateAccountForm
          units={units}
          onClose={(created) => {
            setCreating(false);
            if (created) setReload((n) => n + 1);
          }}
        />
      ) : (
        <Button type="primary" block onClick={() => setCreating(true)} className="admin-gap">
          {a.create}
        </Button>
      )}
      <div className="admin-filters">
        <Field label={a.search}>
          {(id) => (
            <Input id={id} value={search} allowClear onChange={(e) => setSearch(e.target.value)} />
          )}
        </Field>
        <Field label={a.role}>
          {(id) => (
            <NativeSelect
              id={id}
              value={query.role}
              placeholder={a.anyRole}
              options={ROLES.map((r) => ({ value: r, label: t.roles[r] }))}
              onChange={(e) => setQuery({ ...query, role: e.target.value })}
            />
          )}
        </Field>
        <Field label={a.unit}>
          {(id) => (
            <NativeSelect
              id={id}
              value={query.unit}
              placeholder={a.anyUnit}
              options={unitChoices(units)}
              onChange={(e) => setQuery({ ...query, unit: e.target.value })}
            />
          )}
        </Field>
        <Field label={a.status}>
          {(id) => (
            <NativeSelect
              id={id}
              value={query.active}
              placeholder={a.anyStatus}
              options={[
                { value: "true", label: a.active },
                { value: "false", label: a.inactive },
              ]}
              onChange={(e) => setQuery({ ...query, active: e.target.value })}
            />
          )}
        </Field>
      </div>
      <ErrorNote message={error} />
      {items && (
        <p className="muted" role="status">
          {a.count(items.length, !!cursor)}
        </p>
      )}
      <List
        loading={items === null && !error}
        dataSource={items ?? []}
        locale={{ emptyText: a.empty }}
        renderItem={(u) => (
          <List.Item>
            <Link
              to={`/quan-tri/tai-khoan/${u.id}`}
              className="admin-row-link"
              aria-label={`${u.full_name} (${u.username})`}
            >
              <strong>{u.full_name}</strong> <span className="muted">{u.username}</span>
              <div className="muted">
                {t.roles[u.role]} · {u.unit_name}
              </div>
              {!u.active && <Tag>{a.inactive}</Tag>}
              {u.locked && <Tag>{a.locked}</Tag>}
            </Link>
          </List.Item>
        )}
      />
      {cursor && items && (
        <Button
          block
          onClick={() =>
            void load(cursor).then((page) => page && setItems([...items, ...page]))
          }
        >
          {t.admin.loadMore}
        </Button>
      )}
    </>
  );
}
