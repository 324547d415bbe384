// Pieces of the list of speakers shared by the secretary's workspace and the member's view.
import type { ReactNode } from "react";

import { t } from "../../i18n/vi";
import type { LiveStatus } from "./hooks";
import { useNow } from "./hooks";
import { elapsedSeconds, formatClock } from "./logic";
import type { Speech } from "./types";

const w = t.workspace.speakers;

/** Whether the screen follows the meeting live, said politely to screen readers. */
export function LiveBadge({ live }: { live: LiveStatus }) {
  return (
    <p className={`live-badge ${live === "open" ? "on" : "off"}`} role="status">
      <span aria-hidden="true" className="live-dot" />
      {live === "dropped" ? w.liveOff : w.liveOn}
    </p>
  );
}

/** The running time of a speech, on the server's clock (`offset`: server minus device, ms). */
export function SpeechTimer({ speech, offset }: { speech: Speech; offset: number }) {
  const now = useNow(speech.state === "speaking");
  const seconds = elapsedSeconds(speech, now + offset);
  return (
    <div className="speech-timer" role="timer" aria-label={w.timer}>
      {formatClock(seconds)}
    </div>
  );
}

/** The current speaker, large, with the timer; `children`: the secretary's buttons. */
export function CurrentSpeaker({
  speech,
  offset,
  children,
}: {
  speech: Speech | null | undefined;
  offset: number;
  children?: ReactNode;
}) {
  if (!speech) return <p className="muted current-speaker empty">{w.nobody}</p>;
  return (
    <section className={`current-speaker ${speech.state}`} aria-label={w.current}>
      <div className="current-label">{speech.state === "paused" ? w.paused : w.current}</div>
      <div className="current-name">{speech.member_name}</div>
      <div className="muted small">{w.kind_[speech.kind]}</div>
      <SpeechTimer speech={speech} offset={offset} />
      {children}
    </section>
  );
}
