import { useCallback, useEffect, useState } from "react";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { t } from "../../i18n/vi";

export type Unit = components["schemas"]["UnitRead"];

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Loads data for a screen or section: `status` is the HTTP status of a refusal (404 reads
 * as "not found or outside your scope"), `error` its Vietnamese message; `reload` fetches again.
 */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    setStatus(null);
    load()
      .then(({ data: value, error: failure, response }) => {
        if (!live) return;
        if (response.ok) setData((value ?? null) as T | null);
        else {
          setStatus(response.status);
          setError(errorOf(failure, t.errors.generic).message);
        }
      })
      .catch(() => live && setError(t.errors.network));
    return () => {
      live = false;
    };
  }, [...deps, tick]); // The caller lists what `load` depends on.
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, setData, error, status, reload };
}

/** The active cells the caller can see (for filters, transfers and the new-member form). */
export function useCells(): Unit[] | null {
  const [cells, setCells] = useState<Unit[] | null>(null);
  useEffect(() => {
    let live = true;
    api
      .GET("/api/v1/units", { params: { query: { kind: "cell", limit: 200 } } })
      .then(({ data }) => live && setCells(data?.items ?? []))
      .catch(() => live && setCells([]));
    return () => {
      live = false;
    };
  }, []);
  return cells;
}

/** A unit's name from the cells in scope, else a neutral label (never a bare id). */
export function unitName(cells: Unit[] | null, id: number | null | undefined): string {
  return cells?.find((u) => u.id === id)?.name ?? t.members.unknownUnit;
}

/**
 * Runs an API call for a button or dialog: `busy` while it runs, the API's Vietnamese message
 * in `error` when it fails; resolves to the answer, or null on failure.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async <T>(call: () => Promise<Result<T>>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      const { data, error: failure, response } = await call();
      if (!response.ok) {
        setError(errorOf(failure, t.errors.generic).message);
        return null;
      }
      return (data ?? null) as T | null;
    } catch {
      setError(t.errors.network);
      return null;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, error, setError };
}
