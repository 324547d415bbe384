import { useEffect, useState, type DependencyList } from "react";

import { errorOf } from "../../api/client";
import { t } from "../../i18n/vi";

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** The HTTP status of a refusal (404 out of scope), null otherwise. */
  status: number | null;
  loading: boolean;
}

/** One API read, redone when `deps` change; a stale answer never overwrites a newer one. */
export function useApi<T>(
  load: () => Promise<{ data?: T; error?: unknown; response: Response }>,
  deps: DependencyList,
): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({
    data: null,
    error: null,
    status: null,
    loading: true,
  });
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load()
      .then(({ data, error, response }) => {
        if (!current) return;
        if (data !== undefined) setState({ data, error: null, status: null, loading: false });
        else
          setState({
            data: null,
            error: errorOf(error, t.errors.generic).message,
            status: response.status,
            loading: false,
          });
      })
      .catch(() => {
        if (current)
          setState({ data: null, error: t.errors.network, status: null, loading: false });
      });
    return () => {
      current = false;
    };
    // The caller names what the load depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
