// The audit log's filters as the API's query (the server filters and pages, newest first),
// and the action choices: each group's "every action" before its own actions.

import { t } from "../../i18n/vi";
import { ACTIONS } from "./auditLabels";

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

export interface AuditFilters {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  /** Vietnam days, "2026-11-26" (the native date input's value). */
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = {
  actor: "",
  action: "",
  entity: "",
  entityId: "",
  from: "",
  to: "",
};

/** A Vietnam day ("2026-11-26") as the instant it starts, or as the instant after it ends. */
export function vietnamMidnight(day: string, after = false): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + (after ? 1 : 0)) - VIETNAM_OFFSET_MS).toISOString();
}

/** Whether the period runs backwards (the last day before the first). */
export function periodBackwards(f: AuditFilters): boolean {
  return Boolean(f.from && f.to && f.to < f.from);
}

/** The query of GET /api/v1/audit for the filters: newest first, `to` counted whole. */
export function auditQuery(f: AuditFilters, cursor: string | null, limit = 50) {
  const entityId = f.entityId.trim();
  return {
    limit,
    order: "desc" as const,
    ...(cursor ? { cursor } : {}),
    ...(f.actor ? { actor_user_id: Number(f.actor) } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.entity ? { entity_type: f.entity } : {}),
    ...(entityId ? { entity_id: entityId } : {}),
    ...(f.from ? { since: vietnamMidnight(f.from) } : {}),
    ...(f.to ? { until: vietnamMidnight(f.to, true) } : {}),
  };
}

/**
 * Every known action, in the order of `ACTIONS`; before the actions of a group that has a name
 * (t.admin.audit.groups) and more than one action, a choice of the whole group ("meeting.").
 */
export function actionFilterChoices(): { value: string; label: string }[] {
  const groups = t.admin.audit.groups;
  const codes = Object.keys(ACTIONS);
  const prefix = (code: string) => `${code.split(".")[0]}.`;
  const choices: { value: string; label: string }[] = [];
  for (const code of codes) {
    const group = prefix(code);
    const name = groups[group];
    const first = codes.find((c) => prefix(c) === group) === code;
    if (first && name && codes.filter((c) => prefix(c) === group).length > 1) {
      choices.push({ value: group, label: t.admin.audit.everyIn(name) });
    }
    choices.push({ value: code, label: ACTIONS[code] });
  }
  return choices;
}
