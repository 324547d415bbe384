import { App, Button, Descriptions, List } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";

import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { formatDate } from "../../lib/format";
import { todayIso } from "./dates";
import { unitName, useAction, useLoad, type Unit } from "./hooks";
import { isProbationDue, probationDueOn } from "./logic";
import "./members.css";
import { PeriodsSections } from "./PeriodsSections";
import { Section } from "./Section";
import {
  DecideOfficialDialog,
  LeaveDialog,
  ProposeOfficialDialog,
  TransferDialog,
} from "./StatusDialogs";

type Member = components["schemas"]["MemberRead"];
const m = t.members;
const p = m.page;

interface Props {
  member: Member;
  cells: Unit[] | null;
  manager: boolean;
  /** Changes with every action, so that the lists load again. */
  round: number;
  onChanged: () => void;
}

export function InfoTab({ member, cells, manager, round, onChanged }: Props) {
  const active = member.state === "active";
  return (
    <>
      <Profile member={member} cells={cells} manager={manager && active} />
      {active && member.status === "probationary" && member.admission_date && (
        <Official member={member} round={round} onChanged={onChanged} />
      )}
      <Positions member={member} round={round} />
      <PeriodsSections
        member={member}
        cells={cells}
        manager={manager && active}
        round={round}
        onChanged={onChanged}
      />
      {manager && active && <Standing member={member} cells={cells} onChanged={onChanged} />}
      <History member={member} cells={cells} round={round} />
    </>
  );
}

function Profile({
  member,
  cells,
  manager,
}: {
  member: Member;
  cells: Unit[] | null;
  manager: boolean;
}) {
  const navigate = useNavigate();
  const due = probationDueOn(member);
  const dueNow = isProbationDue(member, todayIso());
  const day = (v: string | null) => (v ? formatDate(v) : m.notRecorded);
  const text = (v: string | null) => v || m.notRecorded;
  const rows: [string, string][] = [
    [p.birth, day(member.date_of_birth)],
    [p.gender, member.gender ? m.gender[member.gender] : m.notRecorded],
    [p.unit, unitName(cells, member.unit_id)],
    [p.status, member.status === "official" ? m.official : m.probationary],
    [p.admission, day(member.admission_date)],
    ...(member.status === "official"
      ? [[p.official, day(member.official_date)] as [string, string]]
      : []),
    [p.state, m.state[member.state]],
    ...(member.left_on ? [[p.leftOn, formatDate(member.left_on)] as [string, string]] : []),
    [p.card, text(member.party_card_number)],
    [p.externalId, text(member.external_id)],
    ...(member.sensitive_visible
      ? ([
          [p.citizenId, text(member.citizen_id)],
          [p.phone, text(member.phone)],
        ] as [string, string][])
      : []),
    [p.email, text(member.email)],
    [p.job, text(member.job_title)],
  ];
  return (
    <Section id="member-profile" title={p.profile}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={rows.map(([label, value]) => ({ key: label, label, children: value }))}
      />
      {due && member.state === "active" && (
        <p className="members-note">
          {dueNow ? p.probationDue(formatDate(due)) : p.probationUntil(formatDate(due))}
        </p>
      )}
      {manager && (
        <div className="members-actions">
          <Button onClick={() => navigate(`/dang-vien/${member.id}/sua`)}>{p.edit}</Button>
        </div>
      )}
    </Section>
  );
}

/**
 * Becoming official (QĐ 294, 4.2): the deadline for the cell's proposal, the proposals, and
 * the action the API says the caller may take next (the cell's secretary proposes, the base
 * committee decides).
 */
function Official({
  member,
  round,
  onChanged,
}: {
  member: Member;
  round: number;
  onChanged: () => void;
}) {
  const o = m.becoming;
  const { message } = App.useApp();
  const act = useAction();
  const [dialog, setDialog] = useState<"propose" | "decide" | null>(null);
  const load = useLoad(
    () =>
      api.GET("/api/v1/members/{member_id}/official-status", {
        params: { path: { member_id: member.id } },
      }),
    [member.id, round],
  );
  const status = load.data;
  const latest = status?.proposals[0];
  const close = () => {
    setDialog(null);
    act.setError(null);
  };
  const done = (text: string) => {
    close();
    void message.success(text);
    onChanged();
  };
  return (
    <Section id="member-official" title={o.title}>
      <ErrorNote message={load.error} />
      {status?.deadline && (
        <p className="members-note">{o.deadline(formatDate(status.deadline), status.working_days)}</p>
      )}
      {status?.overdue && (
        <p className="members-note members-warning" role="status">
          {o.overdue}
        </p>
      )}
      {latest && (
        <p className="members-note">
          {latest.status === "proposed"
            ? o.proposed(formatDate(latest.cell_vote_on), latest.cell_resolution_ref)
            : latest.status === "approved"
              ? o.approved(formatDate(latest.decided_on ?? ""), latest.decision_ref ?? "")
              : o.rejected(formatDate(latest.decided_on ?? ""), latest.decision_ref ?? "")}
        </p>
      )}
      {(status?.can_propose || status?.can_decide) && (
        <div className="members-actions">
          {status.can_propose && (
            <Button type="primary" onClick={() => setDialog("propose")}>
              {o.propose}
            </Button>
          )}
          {status.can_decide && (
            <Button type="primary" onClick={() => setDialog("decide")}>
              {o.decide}
            </Button>
          )}
        </div>
      )}
      <ProposeOfficialDialog
        open={dialog === "propose"}
        member={member}
        busy={act.busy}
        error={act.error}
        onCancel={close}
        onOk={async (input) => {
          const ok = await act.run(() =>
            api.POST("/api/v1/members/{member_id}/official-proposals", {
              params: { path: { member_id: member.id } },
              body: input,
            }),
          );
          if (ok) done(o.proposedDone);
        }}
      />
      <DecideOfficialDialog
        open={dialog === "decide"}
        member={member}
        eligibleFrom={status?.eligible_from ?? null}
        busy={act.busy}
        error={act.error}
        onCancel={close}
        onOk={async (input) => {
          const ok = await act.run(() =>
            api.POST("/api/v1/members/{member_id}/official-decision", {
              params: { path: { member_id: member.id } },
              body: { ...input, version: latest?.version ?? null },
            }),
          );
          if (ok) done(o.decidedDone);
        }}
      />
    </Section>
  );
}

function Positions({ member, round }: { member: Member; round: number }) {
  const x = m.positions;
  const load = useLoad(
    () =>
      api.GET("/api/v1/units/{unit_id}/committee", {
        params: { path: { unit_id: member.unit_id }, query: { include_past: true } },
      }),
    [member.unit_id, round],
  );
  // A cell outside the caller's scope (a hosted member's home) has no seats to show here.
  const seats = (load.data ?? []).filter((s) => s.member_id === member.id);
  return (
    <Section id="member-positions" title={x.title}>
      <List
        loading={load.data === null && !load.error}
        dataSource={seats}
        locale={{ emptyText: x.empty }}
        renderItem={(s) => (
          <List.Item>
            <div className="members-item">
              <strong>{x.kind[s.position]}</strong>
              <span className="muted">
                {x.term(
                  s.term_label,
                  formatDate(s.term_start),
                  s.term_end ? formatDate(s.term_end) : null,
                )}
              </span>
            </div>
          </List.Item>
        )}
      />
    </Section>
  );
}

function Standing({
  member,
  cells,
  onChanged,
}: {
  member: Member;
  cells: Unit[] | null;
  onChanged: () => void;
}) {
  const { message } = App.useApp();
  const act = useAction();
  const [dialog, setDialog] = useState<"transfer" | "leave" | null>(null);
  const others = (cells ?? []).filter((c) => c.active && c.id !== member.unit_id);
  const close = () => {
    setDialog(null);
    act.setError(null);
  };
  const done = (text: string) => {
    close();
    void message.success(text);
    onChanged();
  };
  return (
    <Section id="member-standing" title={m.manage.title}>
      <div className="members-actions">
        {others.length > 0 && (
          <Button onClick={() => setDialog("transfer")}>{m.manage.transfer}</Button>
        )}
        <Button danger className="members-danger" onClick={() => setDialog("leave")}>
          {m.manage.leave}
        </Button>
      </div>
      <TransferDialog
        open={dialog === "transfer"}
        cells={others}
        busy={act.busy}
        error={act.error}
        onCancel={close}
        onOk={async (input) => {
          const ok = await act.run(() =>
            api.POST("/api/v1/members/{member_id}/transfer", {
              params: { path: { member_id: member.id } },
              body: { ...input, version: member.version },
            }),
          );
          if (ok) done(m.manage.transferred);
        }}
      />
      <LeaveDialog
        open={dialog === "leave"}
        member={member}
        busy={act.busy}
        error={act.error}
        onCancel={close}
        onOk={async (input) => {
          const ok = await act.run(() =>
            api.POST("/api/v1/members/{member_id}/leave", {
              params: { path: { member_id: member.id } },
              body: { ...input, version: member.version },
            }),
          );
          if (ok) done(m.manage.left);
        }}
      />
    </Section>
  );
}

function History({
  member,
  cells,
  round,
}: {
  member: Member;
  cells: Unit[] | null;
  round: number;
}) {
  const x = m.history;
  const load = useLoad(
    () =>
      api.GET("/api/v1/members/{member_id}/history", {
        params: { path: { member_id: member.id } },
      }),
    [member.id, round],
  );
  const events = [...(load.data ?? [])].reverse();
  return (
    <Section id="member-history" title={x.title}>
      <ErrorNote message={load.error} />
      <List
        loading={load.data === null && !load.error}
        dataSource={events}
        locale={{ emptyText: x.empty }}
        renderItem={(ev) => {
          const detail = [
            ev.other_unit_id ? unitName(cells, ev.other_unit_id) : null,
            ev.reference ? x.reference(ev.reference) : null,
            ev.note,
          ].filter(Boolean);
          return (
            <List.Item>
              <div className="members-item">
                <span className="members-item-head">
                  <strong>{x.kind[ev.kind]}</strong>
                  <span>{formatDate(ev.occurred_on)}</span>
                </span>
                {detail.length > 0 && <span className="muted">{detail.join(" · ")}</span>}
              </div>
            </List.Item>
          );
        }}
      />
    </Section>
  );
}
