import { App, Button } from "antd";
import { useRef, useState } from "react";

import { api } from "../../api/client";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { formatDateTime } from "../../lib/format";
import { useAction } from "./useAction";

const f = t.account.feed;

/** The private iCalendar link: shown once when made; a new one replaces the old. */
export function CalendarFeed() {
  const { message } = App.useApp();
  const act = useAction();
  const [feed, setFeed] = useState<{ url: string; created_at: string } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const create = () =>
    act.run(
      () => api.POST("/api/v1/calendar/feed"),
      (data) => {
        setNote(null);
        const url = new URL(data.url, window.location.origin).href;
        setFeed({ url, created_at: data.created_at });
      },
    );
  const revoke = () =>
    act.run(
      () => api.DELETE("/api/v1/calendar/feed"),
      () => {
        setFeed(null);
        setNote(f.revoked);
      },
    );
  const copy = async () => {
    if (!feed) return;
    try {
      await navigator.clipboard.writeText(feed.url);
      void message.success(f.copied);
    } catch {
      input.current?.select();
      void message.warning(f.copyFailed);
    }
  };

  return (
    <section aria-labelledby="account-feed-title">
      <h3 id="account-feed-title">{f.title}</h3>
      <p>{f.explain}</p>
      {feed ? (
        <div className="account-feed">
          <label htmlFor="account-feed-url" className="field-label">
            {f.url}
          </label>
          <input
            id="account-feed-url"
            ref={input}
            className="native-control"
            readOnly
            value={feed.url}
            onFocus={(e) => e.target.select()}
          />
          <p className="muted">
            {f.createdAt(formatDateTime(feed.created_at))}. {f.once}
          </p>
          <Button type="primary" block onClick={() => void copy()}>
            {f.copy}
          </Button>
        </div>
      ) : (
        <p className="muted">{f.rotateNote}</p>
      )}
      {note && (
        <p role="status" className="account-note">
          {note}
        </p>
      )}
      <ErrorNote message={act.error} />
      <div className="account-actions">
        <Button block loading={act.busy} onClick={() => void create()}>
          {feed ? f.rotate : f.create}
        </Button>
        <Button block className="account-danger" disabled={act.busy} onClick={() => void revoke()}>
          {f.revoke}
        </Button>
      </div>
    </section>
  );
}
