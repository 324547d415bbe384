// Server-Sent Events over fetch, signed like every other call: EventSource cannot send the
// Authorization header. The stream is parsed as it arrives and reopened when it drops (the
// server's `retry:` hint, then a growing pause), when the network comes back, and when
// nothing (not even the server's keep-alive comment) arrived for a while.
import { authorizedFetch } from "./client";

export interface SseEvent {
  event: string;
  data: string;
}

export interface SseChunk {
  events: SseEvent[];
  /** The incomplete tail, to prepend to the next chunk. */
  rest: string;
  /** The server's reconnection delay, when it sent one. */
  retry?: number;
}

/** Splits complete events off the buffer (blank-line separated, per the SSE format). */
export function parseSse(buffer: string): SseChunk {
  const text = buffer.replace(/\r\n?/g, "\n");
  const blocks = text.split("\n\n");
  const rest = blocks.pop() ?? "";
  const events: SseEvent[] = [];
  let retry: number | undefined;
  for (const block of blocks) {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
      else if (field === "retry" && /^\d+$/.test(value)) retry = Number(value);
    }
    if (data.length) events.push({ event, data: data.join("\n") });
  }
  return { events, rest, retry };
}

export interface StreamHandlers {
  /** Every event whose data is JSON. */
  onEvent: (event: string, data: unknown) => void;
  /** The stream is open (again). */
  onOpen?: () => void;
  /** The stream dropped; it is reopened after a pause. */
  onDrop?: () => void;
  /** The server refused the stream (no access, or the resource is gone): not reopened. */
  onGone?: (status: number) => void;
}

const MAX_PAUSE_MS = 15_000;
// The server sends a comment every 15 s: silence for longer means a dead connection.
const SILENCE_MS = 40_000;

/** Follows an authorized event stream until the returned function is called. */
export function followStream(path: string, handlers: StreamHandlers): () => void {
  let stopped = false;
  let connection: AbortController | null = null;
  let pauseTimer: ReturnType<typeof setTimeout> | undefined;
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;
  let retryMs = 2000;
  let failures = 0;

  const watch = () => {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => connection?.abort(), SILENCE_MS);
  };

  async function connect(): Promise<void> {
    clearTimeout(pauseTimer);
    if (stopped) return;
    const controller = new AbortController();
    connection = controller;
    let opened = false;
    try {
      const response = await authorizedFetch(
        new Request(path, {
          headers: { Accept: "text/event-stream" },
          cache: "no-store",
          signal: controller.signal,
        }),
      );
      if ([401, 403, 404].includes(response.status)) {
        stopped = true;
        handlers.onGone?.(response.status);
        return;
      }
      if (!response.ok || !response.body) throw new Error(String(response.status));
      opened = true;
      failures = 0;
      handlers.onOpen?.();
      watch();
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        watch();
        buffer += decoder.decode(value, { stream: true });
        const chunk = parseSse(buffer);
        buffer = chunk.rest;
        if (chunk.retry !== undefined) retryMs = chunk.retry;
        for (const event of chunk.events) {
          let data: unknown;
          try {
            data = JSON.parse(event.data);
          } catch {
            continue;
          }
          if (!stopped) handlers.onEvent(event.event, data);
        }
      }
    } catch {
      // Dropped, timed out or offline: reopened below.
    } finally {
      clearTimeout(silenceTimer);
      if (connection === controller) connection = null;
    }
    if (stopped) return;
    failures += opened ? 0 : 1;
    handlers.onDrop?.();
    const pause = Math.min(retryMs * 2 ** Math.min(failures, 3), MAX_PAUSE_MS);
    pauseTimer = setTimeout(() => void connect(), opened ? retryMs : pause);
  }

  const online = () => {
    if (!connection && !stopped) void connect();
  };
  window.addEventListener("online", online);
  void connect();

  return () => {
    stopped = true;
    clearTimeout(pauseTimer);
    clearTimeout(silenceTimer);
    connection?.abort();
    window.removeEventListener("online", online);
  };
}
