import { Alert, App, Button, Spin } from "antd";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";

import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { useAuth } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { todayIso } from "./dates";
import { DateField, SelectField, TextField } from "./fields";
import { useCells, useLoad, type Unit } from "./hooks";
import { canManage, canManageMembers, valuesOf } from "./logic";
import "./members.css";
import {
  changedFields,
  EMPTY_MEMBER,
  readRefusal,
  toBody,
  validateMember,
  type FieldErrors,
  type MemberField,
  type MemberValues,
} from "./validation";

type Member = components["schemas"]["MemberRead"];
type MemberCreate = components["schemas"]["MemberCreate"];
type MemberUpdate = components["schemas"]["MemberUpdate"];

const f = t.members.form;

/** /dang-vien/moi — a new member on a cell's rolls. */
export function MemberCreatePage() {
  const { me } = useAuth();
  const [params] = useSearchParams();
  const cells = useCells();
  if (!canManageMembers(me?.role)) return <NotAllowed />;
  if (cells === null) return <Spin tip={t.loading} />;
  const active = cells.filter((c) => c.active);
  // The cell asked for in the address, else the caller's own cell, else the only one.
  const wanted = params.get("chi-bo") ?? String(me?.unit_id ?? "");
  const unit = active.some((c) => String(c.id) === wanted)
    ? wanted
    : active.length === 1
      ? String(active[0].id)
      : "";
  return <MemberForm cells={active} initial={{ ...EMPTY_MEMBER, unit_id: unit }} />;
}

/** /dang-vien/:id/sua — edit a member's record (optimistic version). */
export function MemberEditPage() {
  const { me } = useAuth();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const cells = useCells();
  const load = useLoad(
    () => api.GET("/api/v1/members/{member_id}", { params: { path: { member_id: id } } }),
    [id],
  );
  if (!valid || load.status === 404) return <NotFound />;
  if (load.error && !load.data) return <ErrorNote message={load.error} />;
  if (!load.data || cells === null) return <Spin tip={t.loading} />;
  if (!canManage(me?.role, load.data)) return <NotAllowed />;
  return <MemberForm key={load.data.id} cells={cells} member={load.data} />;
}

function NotAllowed() {
  return (
    <>
      <h2>{t.members.title}</h2>
      <ErrorNote message={f.notAllowed} />
    </>
  );
}

export function NotFound() {
  const { me } = useAuth();
  return (
    <>
      <h2>{t.errors.notFound}</h2>
      <ErrorNote message={t.members.notFound} />
      <p>
        <Link className="members-back" to={me?.role === "member" ? "/" : "/dang-vien"}>
          {me?.role === "member" ? t.nav.home : t.members.backToList}
        </Link>
      </p>
    </>
  );
}

interface FormProps {
  cells: Unit[];
  /** Editing this record; else a new member. */
  member?: Member;
  initial?: MemberValues;
}

function MemberForm({ cells, member, initial }: FormProps) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const creating = !member;
  const [base, setBase] = useState<Member | undefined>(member);
  const [before, setBefore] = useState<MemberValues>(member ? valuesOf(member) : EMPTY_MEMBER);
  const [values, setValues] = useState<MemberValues>(member ? valuesOf(member) : initial!);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  const [groups, setGroups] = useState<Unit[]>([]);
  const formRef = useRef<HTMLFormElement>(null);

  // Groups (tổ đảng) of the chosen cell, when it has any.
  useEffect(() => {
    setGroups([]);
    if (!values.unit_id) return;
    let live = true;
    api
      .GET("/api/v1/units", {
        params: { query: { kind: "group", parent_id: Number(values.unit_id), limit: 200 } },
      })
      .then(({ data }) => live && setGroups(data?.items ?? []))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [values.unit_id]);

  const set = (field: MemberField) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    // The error goes when the person touches the field; the typed text stays.
    setErrors((old) => (old[field] ? { ...old, [field]: undefined } : old));
  };

  const focusFirstError = () =>
    setTimeout(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());

  const refuse = (body: unknown, status: number) => {
    const refusal = readRefusal(body, status);
    setErrors(refusal.fields);
    setStale(refusal.stale);
    setFormError(refusal.message ?? (Object.keys(refusal.fields).length ? f.fixErrors : null));
    focusFirstError();
  };

  /** After a stale refusal: the newest record, with the person's changes laid over it. */
  const reloadKeepingChanges = async () => {
    if (!base) return;
    const { data } = await api.GET("/api/v1/members/{member_id}", {
      params: { path: { member_id: base.id } },
    });
    if (!data) return;
    const fresh = valuesOf(data);
    const merged = { ...fresh };
    for (const key of Object.keys(values) as MemberField[]) {
      if (values[key] !== before[key]) (merged as Record<string, string>)[key] = values[key];
    }
    setBase(data);
    setBefore(fresh);
    setValues(merged);
    setStale(false);
    setFormError(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validateMember(values, { today: todayIso(), creating });
    if (Object.values(found).some(Boolean)) {
      setErrors(found);
      setFormError(f.fixErrors);
      focusFirstError();
      return;
    }
    setErrors({});
    setFormError(null);
    setBusy(true);
    try {
      if (creating) {
        const body = toBody(values);
        const { data, error, response } = await api.POST("/api/v1/members", {
          body: body as unknown as MemberCreate,
        });
        if (data) {
          void message.success(f.created);
          navigate(`/dang-vien/${data.id}`, { replace: true });
        } else refuse(error, response.status);
      } else if (base) {
        const changes = changedFields(before, values, { sensitiveVisible: base.sensitive_visible });
        if (Object.keys(changes).length === 0) {
          setFormError(f.nothingChanged);
          return;
        }
        const { data, error, response } = await api.PATCH("/api/v1/members/{member_id}", {
          params: { path: { member_id: base.id } },
          body: { ...changes, version: base.version } as unknown as MemberUpdate,
        });
        if (data) {
          void message.success(f.saved);
          navigate(`/dang-vien/${data.id}`, { replace: true });
        } else refuse(error, response.status);
      }
    } catch {
      setFormError(t.errors.network);
    } finally {
      setBusy(false);
    }
  };

  const official = values.status === "official";
  const showSensitive = creating || base?.sensitive_visible;
  const title = creating ? f.createTitle : f.editTitle(base?.full_name ?? "");
  return (
    <form
      ref={formRef}
      className="members-form"
      aria-labelledby="member-form-title"
      noValidate
      onSubmit={submit}
    >
      <h2 id="member-form-title" className="members-form-title">
        {title}
      </h2>
      <div className="members-form-grid">
        {creating ? (
          <SelectField
            label={f.unit}
            required
            name="unit_id"
            value={values.unit_id}
            onChange={(v) => {
              set("unit_id")(v);
              set("group_id")("");
            }}
            placeholder={t.members.manage.choose}
            options={cells.map((c) => ({ value: c.id, label: c.name }))}
            error={errors.unit_id}
          />
        ) : null}
        {groups.length > 0 && (
          <SelectField
            label={f.group}
            name="group_id"
            value={values.group_id}
            onChange={set("group_id")}
            placeholder={f.noGroup}
            options={groups.map((g) => ({ value: g.id, label: g.name }))}
            error={errors.group_id}
          />
        )}
        <TextField
          label={f.fullName}
          required
          name="full_name"
          value={values.full_name}
          onChange={set("full_name")}
          autoComplete="name"
          maxLength={120}
          error={errors.full_name}
        />
        {creating ? (
          <SelectField
            label={f.status}
            required
            name="status"
            value={values.status}
            onChange={(v) => {
              set("status")(v);
              if (v !== "official") setErrors((old) => ({ ...old, official_date: undefined }));
            }}
            placeholder={t.members.manage.choose}
            options={[
              { value: "probationary", label: t.members.probationary },
              { value: "official", label: t.members.official },
            ]}
            error={errors.status}
          />
        ) : (
          <SelectField
            label={f.status}
            name="status"
            value={values.status}
            onChange={() => undefined}
            disabled
            hint={f.statusFixed}
            options={[
              { value: "probationary", label: t.members.probationary },
              { value: "official", label: t.members.official },
            ]}
          />
        )}
        <SelectField
          label={f.gender}
          name="gender"
          value={values.gender}
          onChange={set("gender")}
          placeholder={f.noGender}
          options={["male", "female", "other"].map((g) => ({
            value: g,
            label: t.members.gender[g],
          }))}
        />
        <DateField
          label={f.birth}
          name="date_of_birth"
          value={values.date_of_birth}
          onChange={set("date_of_birth")}
          error={errors.date_of_birth}
        />
        <DateField
          label={f.admission}
          name="admission_date"
          value={values.admission_date}
          onChange={set("admission_date")}
          error={errors.admission_date}
        />
        {(official || values.official_date) && (
          <DateField
            label={f.official}
            name="official_date"
            value={values.official_date}
            onChange={set("official_date")}
            error={errors.official_date}
          />
        )}
        <TextField
          label={f.card}
          name="party_card_number"
          value={values.party_card_number}
          onChange={set("party_card_number")}
          maxLength={32}
          error={errors.party_card_number}
        />
        <TextField
          label={f.externalId}
          name="external_id"
          value={values.external_id}
          onChange={set("external_id")}
          maxLength={64}
          error={errors.external_id}
        />
        {showSensitive && (
          <>
            <TextField
              label={f.citizenId}
              name="citizen_id"
              value={values.citizen_id}
              onChange={set("citizen_id")}
              inputMode="numeric"
              maxLength={12}
              error={errors.citizen_id}
            />
            <TextField
              label={f.phone}
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              value={values.phone}
              onChange={set("phone")}
              maxLength={20}
              error={errors.phone}
            />
          </>
        )}
        <TextField
          label={f.email}
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          value={values.email}
          onChange={set("email")}
          maxLength={254}
          error={errors.email}
        />
        <TextField
          label={f.job}
          name="job_title"
          value={values.job_title}
          onChange={set("job_title")}
          maxLength={200}
          error={errors.job_title}
        />
      </div>
      {stale ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          message={f.stale}
          action={<Button onClick={reloadKeepingChanges}>{f.reload}</Button>}
          className="members-note"
        />
      ) : (
        <ErrorNote message={formError} />
      )}
      <div className="members-actions">
        <Button type="primary" htmlType="submit" loading={busy}>
          {creating ? f.submitCreate : f.submitEdit}
        </Button>
        <Button onClick={() => navigate(base ? `/dang-vien/${base.id}` : "/dang-vien")}>
          {t.cancel}
        </Button>
      </div>
    </form>
  );
}
