import { Button } from "antd";
import { useEffect, useState } from "react";
import { Link } from "react-router";

import { api, errorOf } from "../../../api/client";
import type { components } from "../../../api/schema";
import { ErrorNote } from "../../../components/ErrorNote";
import { t } from "../../../i18n/vi";
import { Loading } from "./Loading";

type Member = components["schemas"]["MemberRead"];
const m = t.units.members;

/** The unit's members (its whole subtree), in the Vietnamese order the server sorts by. */
export function MembersSection({ unitId }: { unitId: number }) {
  const [items, setItems] = useState<Member[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (after: string | null) => {
    setBusy(true);
    const { data, error: failure } = await api
      .GET("/api/v1/members", {
        params: { query: { unit_id: unitId, limit: 50, cursor: after } },
      })
      .catch(() => ({ data: undefined, error: undefined }));
    setBusy(false);
    if (!data) {
      setError(errorOf(failure, t.errors.network).message);
      return;
    }
    setItems((old) => [...(after ? (old ?? []) : []), ...data.items]);
    setCursor(data.next_cursor ?? null);
  };

  useEffect(() => {
    setItems(null);
    void load(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [unitId]);

  return (
    <>
      <h3>{m.title}</h3>
      <ErrorNote message={error} />
      {items === null ? (
        !error && <Loading />
      ) : items.length === 0 ? (
        <p className="muted">{m.empty}</p>
      ) : (
        <ul className="units-list">
          {items.map((member) => (
            <li key={member.id}>
              <Link to={`/dang-vien/${member.id}`} className="units-row-link">
                <span>{member.full_name}</span>
                <span className="muted">
                  {member.status === "official" ? m.official : m.probationary}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <Button block loading={busy} onClick={() => void load(cursor)}>
          {m.more}
        </Button>
      )}
    </>
  );
}
