import type { components } from "../../api/schema";
import { t } from "../../i18n/vi";
import { formatDate } from "../../lib/format";

type Due = components["schemas"]["ProbationDue"];
const h = t.home;

/** The alert of a probation due: overdue cases named as such, then awaiting a decision. */
export function probationText(d: Due): string {
  const name = d.member.full_name;
  if (d.overdue) return h.probationOverdue(name, formatDate(d.deadline));
  if (d.proposal_status === "proposed") return h.probationProposed(name);
  return h.probationDue(name, formatDate(d.deadline));
}
