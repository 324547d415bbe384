import { App, Button, Input } from "antd";
import { useState } from "react";

import { api, errorOf } from "../../api/client";
import { useAuth } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { Field } from "../../components/Field";
import { t } from "../../i18n/vi";
import { changeProblems, MIN_PASSWORD_LENGTH, type PasswordChangeForm } from "./passwordRules";

const a = t.account;

/** Change one's own password; the server then ends every session, so sign in again. */
export function PasswordForm() {
  const { me, signOut } = useAuth();
  const { message } = App.useApp();
  const [form, setForm] = useState<PasswordChangeForm>({ current: "", next: "", confirm: "" });
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Folded until asked for: the account screen stays short, and only one "Mật khẩu" field
  // set is on screen when someone means to change it.
  const [open, setOpen] = useState(false);
  if (!me) return null;
  const problems = changeProblems(form, me.username);
  const set = (key: keyof PasswordChangeForm) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  const submit = async () => {
    setShown(true);
    setError(null);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      const { response, error: failure } = await api.POST("/api/v1/auth/password", {
        body: { current_password: form.current, new_password: form.next },
      });
      if (!response.ok) {
        setError(errorOf(failure, t.errors.generic).message);
        return;
      }
      void message.success({ content: a.changed, duration: 10 });
      // Every session is revoked now, this one too: back to the sign-in screen.
      await signOut().catch(() => undefined);
    } catch {
      setError(t.errors.network);
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof PasswordChangeForm, label: string, autoComplete: string) => (
    <Field label={label}>
      {(id) => (
        <>
          <Input.Password
            id={id}
            value={form[key]}
            autoComplete={autoComplete}
            onChange={set(key)}
            aria-invalid={shown && !!problems[key]}
            aria-describedby={shown && problems[key] ? `${id}-error` : undefined}
          />
          {shown && problems[key] && (
            <div id={`${id}-error`} className="account-error">
              {problems[key]}
            </div>
          )}
        </>
      )}
    </Field>
  );

  if (!open) {
    return (
      <section aria-labelledby="account-password-title">
        <h3 id="account-password-title">{a.changePassword}</h3>
        <p className="muted">{a.passwordRules(MIN_PASSWORD_LENGTH)}</p>
        <Button block aria-expanded={false} onClick={() => setOpen(true)}>
          {a.openChange}
        </Button>
      </section>
    );
  }

  return (
    <form
      aria-labelledby="account-password-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      noValidate
    >
      <h3 id="account-password-title">{a.changePassword}</h3>
      <p className="muted">{a.passwordRules(MIN_PASSWORD_LENGTH)}</p>
      {/* Password managers pair the new password with this account. */}
      <input type="hidden" autoComplete="username" value={me.username} readOnly />
      {field("current", a.currentPassword, "current-password")}
      {field("next", a.newPassword, "new-password")}
      {field("confirm", a.confirmPassword, "new-password")}
      <ErrorNote message={error} />
      <div className="account-actions">
        <Button type="primary" htmlType="submit" block loading={busy}>
          {a.submit}
        </Button>
        <Button block onClick={() => setOpen(false)}>
          {t.cancel}
        </Button>
      </div>
    </form>
  );
}
