import { App, Button, Spin } from "antd";
import { useEffect, useRef, useState } from "react";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { formatDate, formatTime } from "../../lib/format";
import { useAction } from "./useAction";

type FeedState = components["schemas"]["CalendarFeedState"];
const f = t.account.feed;

/** "26/11/2026 14:05" */
function since(value: string): string {
  return `${formatDate(value)} ${formatTime(value)}`;
}

/**
 * The private iCalendar link: whether one is live and since when (the server keeps only its
 * digest, so the link itself is shown once, when made); a new one replaces the old.
 */
export function CalendarFeed() {
  const { message } = App.useApp();
  const act = useAction();
  const [state, setState] = useState<FeedState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    api
      .GET("/api/v1/calendar/feed")
      .then(({ data, error }) => {
        if (!live) return;
        if (data) setState(data);
        else setLoadError(errorOf(error, t.errors.generic).message);
      })
      .catch(() => live && setLoadError(t.errors.network));
    return () => {
      live = false;
    };
  }, []);

  const create = () =>
    act.run(
      () => api.POST("/api/v1/calendar/feed"),
      (data) => {
        setNote(null);
        setLoadError(null);
        setUrl(new URL(data.url, window.location.origin).href);
        setState({ active: true, created_at: data.created_at });
      },
    );
  const revoke = () =>
    act.run(
      () => api.DELETE("/api/v1/calendar/feed"),
      () => {
        setUrl(null);
        setState({ active: false, created_at: null });
        setNote(f.revoked);
      },
    );
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      void message.success(f.copied);
    } catch {
      input.current?.select();
      void message.warning(f.copyFailed);
    }
  };

  const active = state?.active ?? false;
  return (
    <section aria-labelledby="account-feed-title">
      <h3 id="account-feed-title">{f.title}</h3>
      <p>{f.explain}</p>
      {state === null && !loadError ? (
        <Spin tip={t.loading}>
          <div className="account-feed-loading" />
        </Spin>
      ) : (
        <>
          {state && (
            <p className="account-feed-state">
              {active && state.created_at ? f.activeSince(since(state.created_at)) : f.none}
            </p>
          )}
          <ErrorNote message={loadError} />
          {url ? (
            <div className="account-feed">
              <label htmlFor="account-feed-url" className="field-label">
                {f.url}
              </label>
              <input
                id="account-feed-url"
                ref={input}
                className="native-control"
                readOnly
                value={url}
                onFocus={(e) => e.target.select()}
              />
              <p className="muted">{f.once}</p>
              <Button type="primary" block onClick={() => void copy()}>
                {f.copy}
              </Button>
            </div>
          ) : (
            active && <p className="muted">{f.hidden}</p>
          )}
          {note && (
            <p role="status" className="account-note">
              {note}
            </p>
          )}
          <ErrorNote message={act.error} />
          <div className="account-actions">
            <Button block loading={act.busy} onClick={() => void create()}>
              {active ? f.rotate : f.create}
            </Button>
            {active && (
              <Button
                block
                className="account-danger"
                disabled={act.busy}
                onClick={() => void revoke()}
              >
                {f.revoke}
              </Button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
