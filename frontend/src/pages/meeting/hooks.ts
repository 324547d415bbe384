import { App } from "antd";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { api, errorOf } from "../../api/client";
import { followStream } from "../../api/live";
import { t } from "../../i18n/vi";
import { clockOffset, rollChangeOf } from "./logic";
import type { SpeakersState } from "./types";

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Runs an API call for a button: `busy` while it runs, the API's Vietnamese message in
 * `error` when it fails (never a raw error), and `onOk` with the answer when it succeeds.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async <T>(
      call: () => Promise<Result<T>>,
      onOk?: (data: T) => void,
      /** Also told the message (e.g. to show it where it outlives this component). */
      onError?: (message: string) => void,
    ): Promise<boolean> => {
      setBusy(true);
      setError(null);
      const fail = (text: string) => {
        if (mounted.current) setError(text);
        onError?.(text);
        return false;
      };
      try {
        const { data, error: failure, response } = await call();
        if (!response.ok) return fail(errorOf(failure, t.errors.generic).message);
        onOk?.(data as T);
        return true;
      } catch {
        return fail(t.errors.network);
      } finally {
        if (mounted.current) setBusy(false);
      }
    },
    [],
  );
  return { run, busy, error, setError };
}

/** Loads data for a section; `reload` fetches it again. */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load()
      .then(({ data: value, error: failure, response }) => {
        if (!live) return;
        if (response.ok) {
          setData((value ?? null) as T | null);
          setError(null);
        } else setError(errorOf(failure, t.errors.generic).message);
      })
      .catch(() => live && setError(t.errors.network));
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, setData, error, reload };
}

/** The current time, refreshed every `ms` while `active`. */
export function useNow(active: boolean, ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return now;
}

/** A yes/no question in a dialog; resolves true when confirmed. */
export function useConfirm() {
  const { modal } = App.useApp();
  return useCallback(
    (content: string, okText: string) =>
      new Promise<boolean>((resolve) => {
        modal.confirm({
          title: t.workspace.confirm,
          content,
          okText,
          cancelText: t.cancel,
          onOk: () => resolve(true),
          onCancel: () => resolve(false),
        });
      }),
    [modal],
  );
}

export type LiveStatus = "connecting" | "open" | "dropped";

/**
 * The list of speakers of a meeting, followed live (Server-Sent Events) while `follow`:
 * a request made from a member's phone appears without reloading. `accept` takes a state
 * answered by an action; the newest state (by the server's clock) wins. The same stream
 * says when the roll changed (a check-in, a mark): `onRollChange` is called then with whose
 * rows changed (null: anyone's), and with null when the stream reopens after a drop, since
 * changes made while it was down were not told.
 */
export function useSpeakers(
  meetingId: number,
  follow: boolean,
  onRollChange?: (memberIds: number[] | null) => void,
) {
  const [state, setState] = useState<SpeakersState | null>(null);
  const [offset, setOffset] = useState(0);
  const [live, setLive] = useState<LiveStatus>("connecting");
  const rollChange = useRef(onRollChange);
  useEffect(() => {
    rollChange.current = onRollChange;
  }, [onRollChange]);

  const accept = useCallback((next: SpeakersState) => {
    setState((prev) =>
      prev &&
      prev.meeting_id === next.meeting_id &&
      Date.parse(prev.server_time) > Date.parse(next.server_time)
        ? prev
        : next,
    );
    setOffset(clockOffset(next.server_time, Date.now()));
  }, []);

  useEffect(() => {
    if (!follow) {
      let current = true;
      api
        .GET("/api/v1/meetings/{meeting_id}/speakers", {
          params: { path: { meeting_id: meetingId } },
        })
        .then(({ data }) => current && data && accept(data))
        .catch(() => undefined);
      return () => {
        current = false;
      };
    }
    setLive("connecting");
    let dropped = false;
    return followStream(`/api/v1/meetings/${meetingId}/live`, {
      onEvent: (name, data) => {
        if (name === "speakers") accept(data as SpeakersState);
        else if (name === "attendance") rollChange.current?.(rollChangeOf(data));
      },
      onOpen: () => {
        // Reopened after a drop: what changed meanwhile was not told.
        if (dropped) rollChange.current?.(null);
        dropped = false;
        setLive("open");
      },
      onDrop: () => {
        dropped = true;
        setLive("dropped");
      },
    });
  }, [meetingId, follow, accept]);

  return useMemo(() => ({ state, accept, offset, live }), [state, accept, offset, live]);
}
