import { Spin } from "antd";
import { Link } from "react-router";

import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { formatDateTime } from "../../lib/format";
import { openNeeds, type Need, type NeedState } from "./readiness";
import { useReadiness, type Meeting } from "./useNextMeeting";

const h = t.home;
const ICON: Record<NeedState, string> = { done: "✓", todo: "○", late: "!" };

function detail(need: Need): string {
  const f = need.facts;
  const at = f.at ? formatDateTime(f.at) : "";
  const deadline = f.deadline ? formatDateTime(f.deadline) : "";
  switch (need.key) {
    case "notice":
      return f.at ? h.noticeSent(at) : h.noticeNotSent;
    case "documents":
      if (need.state === "done") return h.documentsSent(f.documents ?? 0, at);
      if (need.state === "late") return h.documentsLate(deadline);
      return f.documents ? h.documentsUnsent(f.unsent ?? 0, deadline) : h.documentsNone(deadline);
    case "committee":
      if (need.state === "done") return h.committeeHeld(at);
      return f.committeePlanned && f.at ? h.committeePlanned(at) : h.committeeNone;
  }
}

function target(need: Need, meeting: Meeting): string {
  if (need.key !== "committee") return `/sinh-hoat/${meeting.id}`;
  return need.facts.committeeMeetingId
    ? `/sinh-hoat/${need.facts.committeeMeetingId}`
    : "/sinh-hoat";
}

/** The secretary's checklist for the next meeting: each need done, to do or late. */
export function NeedsList({ meeting }: { meeting: Meeting }) {
  const { needs, error } = useReadiness(meeting);
  const open = needs ? openNeeds(needs) : 0;
  return (
    <section aria-labelledby="home-needs">
      <h4 id="home-needs" className="home-needs-title">
        {h.needs}
        {needs && <span className="home-needs-count">{open ? h.openCount(open) : h.allReady}</span>}
      </h4>
      <ErrorNote message={error} />
      {!needs ? (
        !error && <Spin />
      ) : (
        <ul className="home-needs">
          {needs.map((need) => (
            <li key={need.key} className={`home-need home-need-${need.state}`}>
              <span className="home-need-icon" aria-hidden="true">
                {ICON[need.state]}
              </span>
              <div className="home-need-body">
                <Link to={target(need, meeting)} className="home-need-link">
                  {h.need[need.key]}
                </Link>
                <span className="home-need-state">{h.state[need.state]}</span>
                <span className="home-need-detail">{detail(need)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
