import { App, Button, Input } from "antd";
import { useEffect, useState } from "react";

import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorNote } from "../../components/ErrorNote";
import { Field } from "../../components/Field";
import { NativeSelect } from "../../components/NativeSelect";
import { t } from "../../i18n/vi";
import { MIN_PASSWORD_LENGTH } from "../account/passwordRules";
import { useAction } from "../account/useAction";
import { accountProblems, ROLE_UNIT_KIND, ROLES, type NewAccount } from "./accountRules";
import { detailLines } from "./sheetErrors";
import { unitChoices, type Unit } from "./useUnits";

const a = t.admin.accounts;
type Role = components["schemas"]["UserRead"]["role"];

/** A new account: who, which role in which unit, the member record, a first password. */
export function CreateAccountForm({
  units,
  onClose,
}: {
  units: Unit[];
  onClose: (created: boolean) => void;
}) {
  const { message } = App.useApp();
  const act = useAction();
  const [form, setForm] = useState<NewAccount>({
    username: "",
    fullName: "",
    email: "",
    role: "member",
    unitId: "",
    password: "",
  });
  const [memberId, setMemberId] = useState("");
  const [members, setMembers] = useState<{ value: number; label: string }[]>([]);
  const [shown, setShown] = useState(false);
  const [details, setDetails] = useState<string[]>([]);
  const unit = units.find((u) => String(u.id) === form.unitId);
  const problems = accountProblems(form, unit?.kind);
  const wanted = ROLE_UNIT_KIND[form.role];

  // The member records of the chosen cell, to link the account to a person.
  useEffect(() => {
    setMemberId("");
    setMembers([]);
    if (!unit || unit.kind !== "cell") return;
    api
      .GET("/api/v1/members", { params: { query: { unit_id: unit.id, limit: 200 } } })
      .then(({ data }) =>
        setMembers((data?.items ?? []).map((m) => ({ value: m.id, label: m.full_name }))),
      )
      .catch(() => undefined);
  }, [unit]);

  const set = (key: keyof NewAccount) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const err = (key: keyof NewAccount) => (shown ? problems[key] : undefined);
  const described = (id: string, key: keyof NewAccount, hint?: string) =>
    [err(key) ? `${id}-error` : "", hint ?? ""].filter(Boolean).join(" ") || undefined;
  const errorLine = (id: string, key: keyof NewAccount) =>
    err(key) && (
      <div id={`${id}-error`} className="admin-error">
        {err(key)}
      </div>
    );

  const submit = () => {
    setShown(true);
    setDetails([]);
    if (Object.keys(problems).length) return;
    void act
      .run(
        async () => {
          const result = await api.POST("/api/v1/users", {
            body: {
              username: form.username.trim(),
              full_name: form.fullName.trim(),
              email: form.email.trim() || null,
              role: form.role as Role,
              unit_id: Number(form.unitId),
              member_id: memberId ? Number(memberId) : null,
              password: form.password,
            },
          });
          const body = result.error as { error?: { details?: unknown } } | undefined;
          setDetails(detailLines(body?.error?.details).map(fieldWords));
          return result;
        },
        (user) => {
          void message.success(a.created(user.username));
          onClose(true);
        },
      );
  };

  return (
    <form
      className="admin-block"
      aria-labelledby="admin-create-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3 id="admin-create-title">{a.createTitle}</h3>
      <Field label={a.username} hint={a.usernameHint}>
        {(id, hint) => (
          <>
            <Input
              id={id}
              value={form.username}
              onChange={set("username")}
              autoComplete="off"
              aria-invalid={!!err("username")}
              aria-describedby={described(id, "username", hint)}
            />
            {errorLine(id, "username")}
          </>
        )}
      </Field>
      <Field label={a.fullName}>
        {(id) => (
          <>
            <Input
              id={id}
              value={form.fullName}
              onChange={set("fullName")}
              aria-invalid={!!err("fullName")}
              aria-describedby={described(id, "fullName")}
            />
            {errorLine(id, "fullName")}
          </>
        )}
      </Field>
      <Field label={a.email}>
        {(id) => (
          <>
            <Input
              id={id}
              type="email"
              value={form.email}
              onChange={set("email")}
              aria-invalid={!!err("email")}
              aria-describedby={described(id, "email")}
            />
            {errorLine(id, "email")}
          </>
        )}
      </Field>
      <Field label={a.role}>
        {(id) => (
          <NativeSelect
            id={id}
            value={form.role}
            options={ROLES.map((r) => ({ value: r, label: t.roles[r] }))}
            onChange={(e) => setForm({ ...form, role: e.target.value, unitId: "" })}
          />
        )}
      </Field>
      <Field label={a.unit}>
        {(id) => (
          <>
            <NativeSelect
              id={id}
              value={form.unitId}
              placeholder=""
              options={unitChoices(units, wanted ? [wanted] : undefined)}
              onChange={set("unitId")}
              aria-invalid={!!err("unitId")}
              aria-describedby={described(id, "unitId")}
            />
            {errorLine(id, "unitId")}
          </>
        )}
      </Field>
      {members.length > 0 && (
        <Field label={a.member}>
          {(id) => (
            <NativeSelect
              id={id}
              value={memberId}
              placeholder={a.noMember}
              options={members}
              onChange={(e) => setMemberId(e.target.value)}
            />
          )}
        </Field>
      )}
      <Field label={a.password} hint={a.passwordHint(MIN_PASSWORD_LENGTH)}>
        {(id, hint) => (
          <>
            <Input.Password
              id={id}
              value={form.password}
              onChange={set("password")}
              autoComplete="new-password"
              aria-invalid={!!err("password")}
              aria-describedby={described(id, "password", hint)}
            />
            {errorLine(id, "password")}
          </>
        )}
      </Field>
      <ErrorNote message={act.error} />
      {act.error && details.length > 0 && (
        <ul className="admin-problems">
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      <div className="admin-actions">
        <Button type="primary" htmlType="submit" loading={act.busy}>
          {a.submitCreate}
        </Button>
        <Button onClick={() => onClose(false)}>{a.cancel}</Button>
      </div>
    </form>
  );
}

const FIELDS: Record<string, string> = {
  username: a.username,
  full_name: a.fullName,
  email: "Thư điện tử",
  password: a.password,
  role: a.role,
  unit_id: a.unit,
  member_id: "Đảng viên tương ứng",
};

/** The server's located errors name the body's fields: say them as the form does. */
function fieldWords(line: string): string {
  return line.replace(/^Tệp › “(\w+)”/, (_m, field: string) => FIELDS[field] ?? "Dữ liệu");
}
