import { t } from "../../i18n/vi";
import { quorumMissing, type QuorumFigures } from "./logic";

const w = t.workspace.quorum;

/** Whether enough members entitled to vote are present for the meeting to decide. */
export function QuorumNote({ quorum }: { quorum: QuorumFigures }) {
  const q = quorum;
  const text =
    q.voting_base === 0
      ? w.empty
      : q.met
        ? w.met(q.present, q.voting_base, q.required, q.share)
        : w.notMet(q.present, q.voting_base, q.required, q.share, quorumMissing(q));
  return (
    <p
      className={q.met ? "quorum ok" : "quorum warn"}
      role="status"
      data-testid="quorum"
      data-met={q.met ? "true" : "false"}
    >
      {text}
    </p>
  );
}
