// The typed API client, generated from the backend's OpenAPI schema (src/api/schema.d.ts).
// It signs requests with the access token, asks for Vietnamese messages, and renews the
// session once with the refresh token when the access token has expired.
import createClient from "openapi-fetch";

import type { paths } from "./schema";

const REFRESH_KEY = "chibo.refresh";
let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<() => void>();

export function setTokens(access: string | null, refresh: string | null): void {
  accessToken = access;
  if (refresh) localStorage.setItem(REFRESH_KEY, refresh);
  else localStorage.removeItem(REFRESH_KEY);
}

export function hasSession(): boolean {
  return accessToken !== null || localStorage.getItem(REFRESH_KEY) !== null;
}

/** Called when the session is gone for good (refresh refused): the app shows sign-in. */
export function onSignedOut(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function renew(): Promise<boolean> {
  const refresh = localStorage.getItem(REFRESH_KEY);
  if (!refresh) return false;
  const response = await fetch("/api/v1/auth/refresh", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept-Language": "vi" },
    body: JSON.stringify({ refresh_token: refresh }),
  });
  if (!response.ok) {
    setTokens(null, null);
    listeners.forEach((l) => l());
    return false;
  }
  const body = (await response.json()) as { access_token: string; refresh_token: string };
  setTokens(body.access_token, body.refresh_token);
  return true;
}

export async function authorizedFetch(input: Request): Promise<Response> {
  const send = (request: Request) => {
    const headers = new Headers(request.headers);
    headers.set("Accept-Language", "vi");
    if (accessToken) headers.set("Authorization", `Bearer ${accessToken}`);
    return fetch(new Request(request, { headers }));
  };
  const retry = input.clone();
  let response = await send(input);
  if (response.status === 401 && localStorage.getItem(REFRESH_KEY)) {
    refreshing ??= renew().finally(() => (refreshing = null));
    if (await refreshing) response = await send(retry);
  }
  return response;
}

export const api = createClient<paths>({ baseUrl: "", fetch: authorizedFetch });

export interface ApiError {
  code: string;
  message: string;
}

/** The error of a failed call, as the person should read it (the API sends Vietnamese). */
export function errorOf(error: unknown, fallback: string): ApiError {
  const body = error as { error?: { code?: string; message?: string } } | undefined;
  return { code: body?.error?.code ?? "unknown", message: body?.error?.message ?? fallback };
}
