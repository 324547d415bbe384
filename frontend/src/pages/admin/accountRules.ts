// Checks of the new-account form before sending: the backend's rules (auth/schemas.py,
// auth/service.py ROLE_UNIT_KIND and password policy), field by field, in Vietnamese.

import { t } from "../../i18n/vi";
import { passwordProblems } from "../account/passwordRules";

export const ROLES = ["admin", "superior_committee", "base_committee", "cell_secretary", "member"];

/** The kind of unit each role is bound to (admins: any). */
export const ROLE_UNIT_KIND: Record<string, string | undefined> = {
  superior_committee: "superior_committee",
  base_committee: "base_committee",
  cell_secretary: "cell",
  member: "cell",
};

export interface NewAccount {
  username: string;
  fullName: string;
  email: string;
  role: string;
  unitId: string;
  password: string;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function unitFitsRole(role: string, unitKind: string | undefined): boolean {
  const wanted = ROLE_UNIT_KIND[role];
  return !wanted || wanted === unitKind;
}

export function accountProblems(
  form: NewAccount,
  unitKind: string | undefined,
): Partial<Record<keyof NewAccount, string>> {
  const e = t.admin.accounts.errors;
  const out: Partial<Record<keyof NewAccount, string>> = {};
  const username = form.username.trim();
  if (username.length < 3 || username.length > 64 || !USERNAME.test(username)) {
    out.username = e.username;
  }
  if (!form.fullName.trim()) out.fullName = e.fullName;
  if (form.email.trim() && !EMAIL.test(form.email.trim())) out.email = e.email;
  if (!form.role) out.role = e.role;
  if (!form.unitId) out.unitId = e.unit;
  else if (form.role && !unitFitsRole(form.role, unitKind)) {
    out.unitId = e.roleUnit(t.admin.accounts.unitKinds[ROLE_UNIT_KIND[form.role] ?? ""] ?? "");
  }
  const password = passwordProblems(form.password, username);
  if (password.length) out.password = password.join(" ");
  return out;
}
