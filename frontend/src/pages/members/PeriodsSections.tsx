// A member's dated periods: exemptions (miễn công tác và sinh hoạt đảng) and temporary
// transfers (sinh hoạt đảng tạm thời), listed for everyone, changed by the cell's managers.
import { App, Button, List, Tag } from "antd";
import { useState } from "react";

import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { formatDate } from "../../lib/format";
import { todayIso } from "./dates";
import { unitName, useAction, useLoad, type Unit } from "./hooks";
import { isCurrent } from "./logic";
import { EndDateDialog, ExemptionDialog, TemporaryTransferDialog } from "./PeriodDialogs";
import { Section } from "./Section";

type Member = components["schemas"]["MemberRead"];
type Exemption = components["schemas"]["ExemptionRead"];
type Temporary = components["schemas"]["TemporaryTransferRead"];

interface Props {
  member: Member;
  cells: Unit[] | null;
  manager: boolean;
  round: number;
  onChanged: () => void;
}

const period = (start: string, end: string | null) =>
  t.members.exemptions.period(formatDate(start), end ? formatDate(end) : null);

export function PeriodsSections(props: Props) {
  return (
    <>
      <Exemptions {...props} />
      <TemporaryTransfers {...props} />
    </>
  );
}

function Exemptions({ member, manager, round, onChanged }: Props) {
  const x = t.members.exemptions;
  const { message } = App.useApp();
  const act = useAction();
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<Exemption | null>(null);
  const load = useLoad(
    () =>
      api.GET("/api/v1/members/{member_id}/exemptions", {
        params: { path: { member_id: member.id } },
      }),
    [member.id, round],
  );
  const today = todayIso();
  const close = () => {
    setAdding(false);
    setEnding(null);
    act.setError(null);
  };
  return (
    <Section
      id="member-exemptions"
      title={x.title}
      extra={manager && <Button onClick={() => setAdding(true)}>{x.add}</Button>}
    >
      <ErrorNote message={load.error} />
      <List
        loading={load.data === null && !load.error}
        dataSource={[...(load.data ?? [])].reverse()}
        locale={{ emptyText: x.empty }}
        renderItem={(item) => (
          <List.Item>
            <div className="members-item">
              <span className="members-item-head">
                <strong>{period(item.start_date, item.end_date)}</strong>
                {isCurrent(item.start_date, item.end_date, today) && (
                  <Tag className="members-tag-warn">{x.ongoing}</Tag>
                )}
              </span>
              <span>{item.reason}</span>
              {item.resolution_ref && (
                <span className="muted">{t.members.history.reference(item.resolution_ref)}</span>
              )}
              {manager && (item.end_date === null || item.end_date > today) && (
                <Button
                  onClick={() => setEnding(item)}
                  aria-label={`${x.end}: ${period(item.start_date, item.end_date)}`}
                >
                  {x.end}
                </Button>
              )}
            </div>
          </List.Item>
        )}
      />
      <ExemptionDialog
        open={adding}
        busy={act.busy}
        error={act.error}
        onCancel={close}
        onOk={async (input) => {
          const ok = await act.run(() =>
            api.POST("/api/v1/members/{member_id}/exemptions", {
              params: { path: { member_id: member.id } },
              body: input,
            }),
          );
          if (ok) {
            close();
            void message.success(x.added);
            onChanged();
          }
        }}
      />
      <EndDateDialog
        open={ending !== null}
        title={x.endTitle}
        label={x.endOn}
        start={ending?.start_date ?? today}
        busy={act.busy}
        error={act.error}
        onCancel={close}
        onOk={async (endDate) => {
          if (!ending) return;
          const ok = await act.run(() =>
            api.PATCH("/api/v1/members/{member_id}/exemptions/{exemption_id}", {
              params: { path: { member_id: member.id, exemption_id: ending.id } },
              body: { end_date: endDate, version: ending.version },
            }),
          );
          if (ok) {
            close();
            void message.success(x.ended);
            onChanged();
          }
        }}
      />
    </Section>
  );
}

function TemporaryTransfers({ member, cells, manager, round, onChanged }: Props) {
  const x = t.members.temporaryTransfers;
  const { message } = App.useApp();
  const act = useAction();
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<Temporary | null>(null);
  const load = useLoad(
    () =>
      api.GET("/api/v1/members/{member_id}/temporary-transfers", {
        params: { path: { member_id: member.id } },
      }),
    [member.id, round],
  );
  const today = todayIso();
  // The host must be another cell the caller can see.
  const hosts = (cells ?? []).filter((c) => c.active && c.id !== member.unit_id);
  const close = () => {
    setAdding(false);
    setEnding(null);
    act.setError(null);
  };
  return (
    <Section
      id="member-temporary"
      title={x.title}
      extra={
        manager && hosts.length > 0 && <Button onClick={() => setAdding(true)}>{x.add}</Button>
      }
    >
      <ErrorNote message={load.error} />
      <List
        loading={load.data === null && !load.error}
        dataSource={[...(load.data ?? [])].reverse()}
        locale={{ emptyText: x.empty }}
        renderItem={(item) => (
          <List.Item>
            <div className="members-item">
              <span className="members-item-head">
                <strong>{x.at(unitName(cells, item.host_unit_id))}</strong>
                {isCurrent(item.start_date, item.end_date, today) && (
                  <Tag className="members-tag-warn">{x.ongoing}</Tag>
                )}
              </span>
              <span>{period(item.start_date, item.end_date)}</span>
              {item.note && <span className="muted">{item.note}</span>}
              {manager && (item.end_date === null || item.end_date > today) && (
                <Button
                  onClick={() => setEnding(item)}
                  aria-label={`${x.endTitle}: ${unitName(cells, item.host_unit_id)}`}
                >
                  {x.end}
                </Button>
              )}
            </div>
          </List.Item>
        )}
      />
      {manager && hosts.length === 0 && <p className="muted members-note">{x.noOtherCell}</p>}
      <TemporaryTransferDialog
        open={adding}
        cells={hosts}
        busy={act.busy}
        error={act.error}
        onCancel={close}
        onOk={async (input) => {
          const ok = await act.run(() =>
            api.POST("/api/v1/members/{member_id}/temporary-transfers", {
              params: { path: { member_id: member.id } },
              body: input,
            }),
          );
          if (ok) {
            close();
            void message.success(x.added);
            onChanged();
          }
        }}
      />
      <EndDateDialog
        open={ending !== null}
        title={x.endTitle}
        label={x.endOn}
        start={ending?.start_date ?? today}
        busy={act.busy}
        error={act.error}
        onCancel={close}
        onOk={async (endDate) => {
          if (!ending) return;
          const ok = await act.run(() =>
            api.POST("/api/v1/members/{member_id}/temporary-transfers/{transfer_id}/end", {
              params: { path: { member_id: member.id, transfer_id: ending.id } },
              body: { end_date: endDate, version: ending.version },
            }),
          );
          if (ok) {
            close();
            void message.success(x.ended);
            onChanged();
          }
        }}
      />
    </Section>
  );
}
