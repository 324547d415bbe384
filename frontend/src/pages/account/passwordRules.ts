// The backend's password policy (auth/service.py check_password_policy), checked before
// sending so that the person sees every problem at once, in Vietnamese.

import { t } from "../../i18n/vi";

export const MIN_PASSWORD_LENGTH = 8;

/** What is wrong with a new password (empty when the backend will accept it). */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(t.account.tooShort(MIN_PASSWORD_LENGTH));
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) {
    problems.push(t.account.equalsUsername);
  }
  return problems;
}

export interface PasswordChangeForm {
  current: string;
  next: string;
  confirm: string;
}

/** Problems of the change-password form, by field. */
export function changeProblems(
  form: PasswordChangeForm,
  username: string,
): Partial<Record<keyof PasswordChangeForm, string>> {
  const out: Partial<Record<keyof PasswordChangeForm, string>> = {};
  if (!form.current) out.current = t.account.currentRequired;
  const next = passwordProblems(form.next, username);
  if (next.length) out.next = next.join(" ");
  else if (form.current && form.next === form.current) out.next = t.account.sameAsCurrent;
  if (form.confirm !== form.next) out.confirm = t.account.mismatch;
  return out;
}
