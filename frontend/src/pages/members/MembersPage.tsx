import { Input, List, Tag } from "antd";
import { useEffect, useState } from "react";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";

type Member = components["schemas"]["MemberRead"];

export default function MembersPage() {
  const [query, setQuery] = useState("");
  const [items, setItems] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => {
      // The server searches without diacritics and sorts the Vietnamese way.
      api
        .GET("/api/v1/members", { params: { query: { q: query || undefined, limit: 200 } } })
        .then(({ data, error }) =>
          data ? setItems(data.items) : setError(errorOf(error, t.errors.generic).message),
        );
    }, 250);
    return () => clearTimeout(timer);
  }, [query]);

  return (
    <>
      <h2>{t.members.title}</h2>
      <Input.Search
        aria-label={t.search}
        placeholder={t.members.searchPlaceholder}
        allowClear
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        style={{ marginBottom: 12 }}
      />
      <ErrorNote message={error} />
      {items && <p className="muted">{t.members.count(items.length)}</p>}
      <List
        loading={items === null && !error}
        dataSource={items ?? []}
        renderItem={(m) => (
          <List.Item>
            <span>{m.full_name}</span>
            <Tag color={m.status === "official" ? "green" : "orange"}>
              {m.status === "official" ? t.members.official : t.members.probationary}
            </Tag>
          </List.Item>
        )}
      />
    </>
  );
}
