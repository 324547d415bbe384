import { useCallback, useEffect, useRef, useState } from "react";

import { errorOf } from "../../api/client";
import { t } from "../../i18n/vi";

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Runs an API call for a button: `busy` while it runs, the API's Vietnamese message in
 * `error` when it fails (never a raw error), `onOk` with the answer when it succeeds.
 * (The account and admin screens' own, so that they do not load the meeting workspace.)
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
    async <T>(call: () => Promise<Result<T>>, onOk?: (data: T) => void): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        const { data, error: failure, response } = await call();
        if (!response.ok) {
          if (mounted.current) setError(errorOf(failure, t.errors.generic).message);
          return false;
        }
        onOk?.(data as T);
        return true;
      } catch {
        if (mounted.current) setError(t.errors.network);
        return false;
      } finally {
        if (mounted.current) setBusy(false);
      }
    },
    [],
  );
  return { run, busy, error, setError };
}
