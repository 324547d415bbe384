import { createContext, useContext } from "react";

import type { LiveStatus } from "./hooks";
import type { Meeting, Member, SpeakersState } from "./types";

/** The list of speakers, followed live while the meeting runs (one stream per workspace). */
export interface SpeakersFeed {
  state: SpeakersState | null;
  accept: (next: SpeakersState) => void;
  /** How far the server's clock is ahead of this device's, in ms. */
  offset: number;
  live: LiveStatus;
}

export interface WorkspaceState {
  meeting: Meeting;
  /** Take the meeting as an action answered it. */
  setMeeting: (meeting: Meeting) => void;
  /** Read the meeting again (after a change made elsewhere). */
  reload: () => void;
  /** The cell's members, in Vietnamese name order (for chair, minute-taker, task owners). */
  members: Member[];
  /** Bumped whenever the roll changes (here, or told by the live stream: a member's
   * check-in), so that the sections read it again. */
  rollTick: number;
  rollChanged: () => void;
  speakers: SpeakersFeed;
}

export const WorkspaceContext = createContext<WorkspaceState | null>(null);

export function useWorkspace(): WorkspaceState {
  const state = useContext(WorkspaceContext);
  if (!state) throw new Error("useWorkspace outside the workspace");
  return state;
}
