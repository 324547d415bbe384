import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";

import { api, hasSession, onSignedOut, setTokens } from "./api/client";
import type { components } from "./api/schema";
import { loginError } from "./pages/loginError";

export type Me = components["schemas"]["UserRead"];

interface AuthState {
  me: Me | null;
  ready: boolean;
  signIn: (username: string, password: string) => Promise<string | null>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);

  const loadMe = useCallback(async () => {
    const { data } = await api.GET("/api/v1/auth/me");
    setMe(data ?? null);
  }, []);

  useEffect(() => {
    const stop = onSignedOut(() => setMe(null));
    (hasSession() ? loadMe() : Promise.resolve()).finally(() => setReady(true));
    return stop;
  }, [loadMe]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const { data, error } = await api.POST("/api/v1/auth/login", {
        body: { username, password },
      });
      if (!data) return loginError(error);
      setTokens(data.access_token, data.refresh_token);
      await loadMe();
      return null;
    },
    [loadMe],
  );

  const signOut = useCallback(async () => {
    await api.POST("/api/v1/auth/logout");
    setTokens(null, null);
    setMe(null);
  }, []);

  return <AuthContext.Provider value={{ me, ready, signIn, signOut }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error("useAuth outside AuthProvider");
  return state;
}
