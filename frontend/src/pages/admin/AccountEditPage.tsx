import { App, Button, Card, Descriptions, Input, Spin, Tag } from "antd";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { useAuth } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { Field } from "../../components/Field";
import { NativeSelect } from "../../components/NativeSelect";
import { t } from "../../i18n/vi";
import { formatDateTime } from "../../lib/format";
import { MIN_PASSWORD_LENGTH, passwordProblems } from "../account/passwordRules";
import { useAction } from "../account/useAction";
import { ROLE_UNIT_KIND, ROLES, unitFitsRole } from "./accountRules";
import { unitChoices, useUnits } from "./useUnits";

type User = components["schemas"]["UserRead"];
const a = t.admin.accounts;
const e = a.edit;

/** /quan-tri/tai-khoan/:id — role, unit, active; reset the password; lift a lock. */
export default function AccountEditPage() {
  const { id } = useParams();
  const { me } = useAuth();
  const { message } = App.useApp();
  const units = useUnits();
  const [user, setUser] = useState<User | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [role, setRole] = useState("");
  const [unitId, setUnitId] = useState("");
  const [active, setActive] = useState("true");
  const [password, setPassword] = useState("");
  const [passwordShown, setPasswordShown] = useState(false);
  const save = useAction();
  const reset = useAction();
  const unlock = useAction();

  const show = (u: User) => {
    setUser(u);
    setRole(u.role);
    setUnitId(String(u.unit_id));
    setActive(String(u.active));
  };

  useEffect(() => {
    api
      .GET("/api/v1/users/{user_id}", { params: { path: { user_id: Number(id) } } })
      .then(({ data, error }) =>
        data ? show(data) : setLoadError(errorOf(error, t.errors.notFound).message),
      )
      .catch(() => setLoadError(t.errors.network));
  }, [id]);

  if (loadError) return <ErrorNote message={loadError} />;
  if (!user) return <Spin tip={t.loading} />;
  const self = user.id === me?.id;
  const unitKind = units.find((u) => String(u.id) === unitId)?.kind;
  const unitWrong = !!unitKind && !unitFitsRole(role, unitKind);
  const wanted = ROLE_UNIT_KIND[role];
  const passwordErrors = passwordProblems(password, user.username);

  return (
    <>
      <Link to="/quan-tri/tai-khoan" className="admin-back">
        ‹ {t.admin.back}
      </Link>
      <h2>{user.full_name}</h2>
      <Card className="admin-block">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={a.username}>{user.username}</Descriptions.Item>
          <Descriptions.Item label={a.role}>{t.roles[user.role]}</Descriptions.Item>
          <Descriptions.Item label={a.unit}>{user.unit_name}</Descriptions.Item>
          <Descriptions.Item label={a.status}>
            {user.active ? a.active : a.inactive}
            {user.locked && <Tag style={{ marginLeft: 8 }}>{a.locked}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={e.lastLogin}>
            {user.last_login_at ? formatDateTime(user.last_login_at) : e.never}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <form
        className="admin-block"
        aria-labelledby="admin-edit-title"
        onSubmit={(ev) => {
          ev.preventDefault();
          if (unitWrong) return;
          void save.run(
            () =>
              api.PATCH("/api/v1/users/{user_id}", {
                params: { path: { user_id: user.id } },
                body: {
                  version: user.version,
                  role: role as User["role"],
                  unit_id: Number(unitId),
                  active: active === "true",
                },
              }),
            (u) => {
              show(u);
              void message.success(e.saved);
            },
          );
        }}
      >
        <h3 id="admin-edit-title">{e.title}</h3>
        <p className="muted">{self ? e.self : e.signOutNote}</p>
        <Field label={a.role}>
          {(fid) => (
            <NativeSelect
              id={fid}
              value={role}
              disabled={self}
              options={ROLES.map((r) => ({ value: r, label: t.roles[r] }))}
              onChange={(ev) => setRole(ev.target.value)}
            />
          )}
        </Field>
        <Field label={a.unit}>
          {(fid) => (
            <>
              <NativeSelect
                id={fid}
                value={unitId}
                disabled={self}
                options={unitChoices(units, wanted ? [wanted] : undefined)}
                placeholder=""
                onChange={(ev) => setUnitId(ev.target.value)}
                aria-invalid={unitWrong}
                aria-describedby={unitWrong ? `${fid}-error` : undefined}
              />
              {unitWrong && (
                <div id={`${fid}-error`} className="admin-error">
                  {a.errors.roleUnit(a.unitKinds[wanted ?? ""] ?? "")}
                </div>
              )}
            </>
          )}
        </Field>
        <Field label={a.status}>
          {(fid) => (
            <NativeSelect
              id={fid}
              value={active}
              disabled={self}
              options={[
                { value: "true", label: a.active },
                { value: "false", label: a.inactive },
              ]}
              onChange={(ev) => setActive(ev.target.value)}
            />
          )}
        </Field>
        <ErrorNote message={save.error} />
        <Button type="primary" htmlType="submit" block loading={save.busy} disabled={self}>
          {e.save}
        </Button>
      </form>

      {!self && (
        <form
          className="admin-block"
          aria-labelledby="admin-reset-title"
          noValidate
          onSubmit={(ev) => {
            ev.preventDefault();
            setPasswordShown(true);
            if (passwordErrors.length) return;
            void reset.run(
              () =>
                api.POST("/api/v1/users/{user_id}/reset-password", {
                  params: { path: { user_id: user.id } },
                  body: { new_password: password, version: user.version },
                }),
              (u) => {
                show(u);
                setPassword("");
                setPasswordShown(false);
                void message.success(e.resetDone);
              },
            );
          }}
        >
          <h3 id="admin-reset-title">{e.reset}</h3>
          <Field
            label={e.newPassword}
            hint={`${e.resetHint} ${a.passwordHint(MIN_PASSWORD_LENGTH)}`}
          >
            {(fid, hint) => (
              <>
                <Input.Password
                  id={fid}
                  value={password}
                  autoComplete="new-password"
                  onChange={(ev) => setPassword(ev.target.value)}
                  aria-invalid={passwordShown && passwordErrors.length > 0}
                  aria-describedby={
                    [passwordShown && passwordErrors.length ? `${fid}-error` : "", hint ?? ""]
                      .filter(Boolean)
                      .join(" ") || undefined
                  }
                />
                {passwordShown && passwordErrors.length > 0 && (
                  <div id={`${fid}-error`} className="admin-error">
                    {passwordErrors.join(" ")}
                  </div>
                )}
              </>
            )}
          </Field>
          <ErrorNote message={reset.error} />
          <Button htmlType="submit" block loading={reset.busy}>
            {e.reset}
          </Button>
        </form>
      )}

      {user.locked && (
        <section className="admin-block" aria-labelledby="admin-unlock-title">
          <h3 id="admin-unlock-title">{e.unlock}</h3>
          <p>
            {e.unlockHint}{" "}
            {user.locked_until && e.lockedUntil(formatDateTime(user.locked_until))}
          </p>
          <ErrorNote message={unlock.error} />
          <Button
            block
            loading={unlock.busy}
            onClick={() =>
              void unlock.run(
                () =>
                  api.POST("/api/v1/users/{user_id}/unlock", {
                    params: { path: { user_id: user.id } },
                  }),
                (u) => {
                  show(u);
                  void message.success(e.unlocked);
                },
              )
            }
          >
            {e.unlock}
          </Button>
        </section>
      )}
    </>
  );
}
