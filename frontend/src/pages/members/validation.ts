// The member form's rules, checked before sending (the API checks them again), and the API's
// refusals mapped back to the field they concern. Pure: no React, no network.
import { t } from "../../i18n/vi";
import { formatDate } from "../../lib/format";
import { parseDate, probationEnd } from "./dates";

const e = t.members.errors;

/** What the form holds: text as typed, so that nothing is lost when a check fails. */
export interface MemberValues {
  unit_id: string;
  group_id: string;
  full_name: string;
  status: "" | "official" | "probationary";
  gender: "" | "male" | "female" | "other";
  date_of_birth: string;
  admission_date: string;
  official_date: string;
  party_card_number: string;
  external_id: string;
  citizen_id: string;
  phone: string;
  email: string;
  job_title: string;
}

export type MemberField = keyof MemberValues;
export type FieldErrors = Partial<Record<MemberField, string>>;

export const EMPTY_MEMBER: MemberValues = {
  unit_id: "",
  group_id: "",
  full_name: "",
  status: "",
  gender: "",
  date_of_birth: "",
  admission_date: "",
  official_date: "",
  party_card_number: "",
  external_id: "",
  citizen_id: "",
  phone: "",
  email: "",
  job_title: "",
};

const DATE_FIELDS = ["date_of_birth", "admission_date", "official_date"] as const;
const CARD = /^[\p{L}\p{N}_./-]{3,32}$/u;
const CITIZEN_ID = /^\d{9}(\d{3})?$/;
const PHONE = /^\+?[\d .-]{8,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_ADMISSION_AGE_MONTHS = 18 * 12;

/**
 * Every rule a field breaks, first one per field. `today` is yyyy-mm-dd in Vietnam; `creating`
 * adds the fields only a new record has (cell, status).
 */
export function validateMember(
  values: MemberValues,
  { today, creating }: { today: string; creating: boolean },
): FieldErrors {
  const errors: FieldErrors = {};
  const name = values.full_name.trim().replace(/\s+/g, " ");
  if (!name) errors.full_name = e.nameRequired;
  else if (name.length < 2 || name.length > 120) errors.full_name = e.nameLength;
  if (creating && !values.unit_id) errors.unit_id = e.unitRequired;
  if (creating && !values.status) errors.status = e.statusRequired;

  const dates: Partial<Record<(typeof DATE_FIELDS)[number], string>> = {};
  for (const field of DATE_FIELDS) {
    const parsed = parseDate(values[field]);
    if (parsed === undefined) errors[field] = e.dateFormat;
    else if (parsed !== null && parsed > today) errors[field] = e.future;
    else if (parsed) dates[field] = parsed;
  }
  const { date_of_birth: birth, admission_date: admission, official_date: official } = dates;
  if (birth && admission && admission < probationEnd(birth, MIN_ADMISSION_AGE_MONTHS)) {
    errors.admission_date ??= e.tooYoung;
  }
  if (values.official_date.trim() && values.status === "probationary") {
    errors.official_date ??= e.officialOnlyForOfficial;
  }
  if (official && !admission && !errors.admission_date && values.status === "official") {
    errors.admission_date = e.officialNeedsAdmission;
  }
  if (official && admission) {
    const earliest = probationEnd(admission);
    if (official < earliest) {
      errors.official_date ??= e.officialBeforeProbation(formatDate(earliest));
    }
  }

  const card = values.party_card_number.trim();
  if (card && !CARD.test(card)) errors.party_card_number = e.card;
  if (values.external_id.trim().length > 64) errors.external_id = e.externalId;
  const citizen = values.citizen_id.trim();
  if (citizen && !CITIZEN_ID.test(citizen)) errors.citizen_id = e.citizenId;
  const phone = values.phone.trim();
  if (phone && !PHONE.test(phone)) errors.phone = e.phone;
  const email = values.email.trim();
  if (email && !EMAIL.test(email)) errors.email = e.email;
  if (values.job_title.trim().length > 200) errors.job_title = e.job;
  return errors;
}

type Body = Record<string, string | number | null>;

/** The values as the API takes them: trimmed, dates as yyyy-mm-dd, empty as null. */
export function toBody(values: MemberValues): Body {
  const text = (s: string) => s.trim().replace(/\s+/g, " ") || null;
  return {
    unit_id: values.unit_id ? Number(values.unit_id) : null,
    group_id: values.group_id ? Number(values.group_id) : null,
    full_name: text(values.full_name),
    status: values.status || null,
    gender: values.gender || null,
    date_of_birth: parseDate(values.date_of_birth) ?? null,
    admission_date: parseDate(values.admission_date) ?? null,
    official_date: parseDate(values.official_date) ?? null,
    party_card_number: text(values.party_card_number),
    external_id: text(values.external_id),
    citizen_id: values.citizen_id.replace(/\s/g, "") || null,
    phone: text(values.phone),
    email: text(values.email),
    job_title: text(values.job_title),
  };
}

/**
 * For an edit: only the fields that differ from what was loaded (a PATCH leaves the rest
 * alone), never the cell or status (changed by transfer and the official decision), and never the
 * sensitive fields when the caller was not shown them (sending null would erase them).
 */
export function changedFields(
  before: MemberValues,
  after: MemberValues,
  { sensitiveVisible }: { sensitiveVisible: boolean },
): Body {
  const old = toBody(before);
  const now = toBody(after);
  const skip = new Set(["unit_id", "status", ...(sensitiveVisible ? [] : ["citizen_id", "phone"])]);
  const out: Body = {};
  for (const key of Object.keys(now)) {
    if (!skip.has(key) && now[key] !== old[key]) out[key] = now[key];
  }
  return out;
}

/** Which field a business rule refusal of the API concerns (its stable error code). */
const CODE_FIELDS: Record<string, MemberField> = {
  birth_date_in_future: "date_of_birth",
  admission_date_in_future: "admission_date",
  admission_too_young: "admission_date",
  official_date_requires_official_status: "official_date",
  official_date_in_future: "official_date",
  official_before_admission: "official_date",
  probation_not_complete: "official_date",
  party_card_taken: "party_card_number",
  external_id_taken: "external_id",
  group_not_in_cell: "group_id",
  unit_not_cell: "unit_id",
  unit_archived: "unit_id",
  name_required: "full_name",
};

/** Vietnamese for a field the API's schema check refused (its own text is English). */
const FIELD_MESSAGES: Partial<Record<MemberField, string>> = {
  full_name: e.nameLength,
  unit_id: e.unitRequired,
  status: e.statusRequired,
  date_of_birth: e.dateFormat,
  admission_date: e.dateFormat,
  official_date: e.dateFormat,
  party_card_number: e.card,
  external_id: e.externalId,
  citizen_id: e.citizenId,
  phone: e.phone,
  email: e.email,
  job_title: e.job,
};

export interface ServerRefusal {
  /** Messages to show beside fields. */
  fields: FieldErrors;
  /** A message for the whole form (when no field is named, or for a stale version). */
  message: string | null;
  stale: boolean;
}

/**
 * Reads an API error body `{error: {code, message, details}}`: a schema check (422
 * validation_error, details = [{loc: ["body", field], ...}]) or a named rule (its code).
 */
export function readRefusal(body: unknown, status: number): ServerRefusal {
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } })
    ?.error;
  const code = error?.code ?? "";
  const message = error?.message ?? t.errors.generic;
  if (code === "stale_version" || code === "precondition_failed") {
    return { fields: {}, message: t.members.form.stale, stale: true };
  }
  if (code === "validation_error" && Array.isArray(error?.details)) {
    const fields: FieldErrors = {};
    for (const item of error.details as { loc?: unknown[] }[]) {
      const field = String(item.loc?.[item.loc.length - 1] ?? "") as MemberField;
      if (field in FIELD_MESSAGES) fields[field] ??= FIELD_MESSAGES[field];
    }
    if (Object.keys(fields).length) return { fields, message: null, stale: false };
  }
  const field = CODE_FIELDS[code];
  if (field && status < 500) return { fields: { [field]: message }, message: null, stale: false };
  return { fields: {}, message, stale: false };
}
