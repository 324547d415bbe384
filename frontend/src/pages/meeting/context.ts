import { createContext, useContext } from "react";

import type { Meeting, Member } from "./types";

export interface WorkspaceState {
  meeting: Meeting;
  /** Take the meeting as an action answered it. */
  setMeeting: (meeting: Meeting) => void;
  /** Read the meeting again (after a change made elsewhere). */
  reload: () => void;
  /** The cell's members, in Vietnamese name order (for chair, minute-taker, task owners). */
  members: Member[];
  /** Bumped whenever the roll changes here, so that other sections read it again. */
  rollTick: number;
  rollChanged: () => void;
}

export const WorkspaceContext = createContext<WorkspaceState | null>(null);

export function useWorkspace(): WorkspaceState {
  const state = useContext(WorkspaceContext);
  if (!state) throw new Error("useWorkspace outside the workspace");
  return state;
}
