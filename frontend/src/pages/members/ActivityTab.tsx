// A member's meetings over a period: attendance with its rate, and speeches with their time.
import { Button, List, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { formatDate } from "../../lib/format";
import { todayIso } from "./dates";
import { SelectField } from "./fields";
import { useLoad } from "./hooks";
import { formatRate, PERIODS, periodRange, type PeriodKey } from "./logic";
import "./members.css";
import { Section } from "./Section";

type Speech = components["schemas"]["MemberSpeechRead"];
const a = t.members.attendance;
const s = t.members.speeches;

export default function ActivityTab({ memberId }: { memberId: number }) {
  const [key, setKey] = useState<PeriodKey>("last12");
  const range = periodRange(key, todayIso());
  return (
    <>
      <SelectField
        label={a.period}
        value={key}
        onChange={(v) => setKey(v as PeriodKey)}
        options={PERIODS.map((k) => {
          const { from, to } = periodRange(k, todayIso());
          return { value: k, label: `${a.periods[k]} (${formatDate(from)} – ${formatDate(to)})` };
        })}
      />
      <Attendance memberId={memberId} from={range.from} to={range.to} />
      <Speeches memberId={memberId} from={range.from} to={range.to} />
    </>
  );
}

function Figure({ value, label }: { value: string | number; label: string }) {
  return (
    <div className="members-figure">
      <div className="members-figure-value">{value}</div>
      <div className="members-figure-label">{label}</div>
    </div>
  );
}

interface Range {
  memberId: number;
  from: string;
  to: string;
}

function statusTag(status: string | null) {
  if (status === null) return <Tag className="members-tag-left">{a.notMarked}</Tag>;
  const cls =
    status === "unexcused"
      ? "members-tag-bad"
      : status === "excused" || status === "late"
        ? "members-tag-warn"
        : "members-tag-good";
  return <Tag className={cls}>{a.status[status]}</Tag>;
}

function Attendance({ memberId, from, to }: Range) {
  const load = useLoad(
    () =>
      api.GET("/api/v1/members/{member_id}/attendance", {
        params: { path: { member_id: memberId }, query: { from, to } },
      }),
    [memberId, from, to],
  );
  const data = load.data;
  const current = data && data.date_from === from && data.date_to === to ? data : null;
  const meetings = [...(current?.meetings ?? [])].reverse();
  return (
    <Section id="member-attendance" title={a.title}>
      <ErrorNote message={load.error} />
      {current && (
        <div className="members-figures">
          <Figure value={formatRate(current.rate) ?? a.noRate} label={a.rate} />
          <Figure value={`${current.attended}/${current.expected}`} label={a.attended} />
          <Figure value={current.excused} label={a.excused} />
          <Figure value={current.unexcused} label={a.unexcused} />
        </div>
      )}
      <List
        loading={!current && !load.error}
        dataSource={meetings}
        locale={{ emptyText: a.empty }}
        renderItem={(item) => (
          <List.Item>
            <div className="members-item">
              <span className="members-item-head">
                <Link to={`/sinh-hoat/${item.meeting_id}`}>{item.title}</Link>
                {statusTag(item.status)}
              </span>
              <span className="muted">
                {[
                  formatDate(item.starts_at),
                  t.meetings.type[item.meeting_type],
                  item.excluded_from_base ? a.excludedReason[item.excluded_from_base] : null,
                  item.temporary_guest ? a.guest : null,
                  item.reason,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </span>
            </div>
          </List.Item>
        )}
      />
    </Section>
  );
}

function Speeches({ memberId, from, to }: Range) {
  const query = { from, to, limit: 50 };
  const load = useLoad(
    () =>
      api.GET("/api/v1/members/{member_id}/speeches", {
        params: { path: { member_id: memberId }, query },
      }),
    [memberId, from, to],
  );
  const [extra, setExtra] = useState<{ key: string; items: Speech[]; next: string | null }>({
    key: "",
    items: [],
    next: null,
  });
  const [moreError, setMoreError] = useState<string | null>(null);
  const data = load.data;
  const current = data && data.date_from === from && data.date_to === to ? data : null;
  const rangeKey = `${memberId}:${from}:${to}`;
  const more = extra.key === rangeKey ? extra : { key: rangeKey, items: [], next: null };
  const items = [...(current?.items ?? []), ...more.items];
  const next = more.items.length ? more.next : (current?.next_cursor ?? null);

  const loadMore = async () => {
    if (!next) return;
    const { data: page, error } = await api.GET("/api/v1/members/{member_id}/speeches", {
      params: { path: { member_id: memberId }, query: { ...query, cursor: next } },
    });
    if (!page) return setMoreError(errorOf(error, t.errors.generic).message);
    const items = [...more.items, ...page.items];
    setExtra({ key: rangeKey, items, next: page.next_cursor ?? null });
  };

  return (
    <Section id="member-speeches" title={s.title}>
      <ErrorNote message={load.error ?? moreError} />
      {current && (
        <div className="members-figures">
          <Figure value={current.speeches} label={s.count} />
          <Figure value={s.minutes(current.total_seconds)} label={s.time} />
          <Figure value={current.self_criticism_count} label={s.selfCriticism} />
          <Figure value={current.meetings_attended} label={s.meetings} />
        </div>
      )}
      <List
        loading={!current && !load.error}
        dataSource={items}
        locale={{ emptyText: s.empty }}
        renderItem={(item) => (
          <List.Item>
            <div className="members-item">
              <span className="members-item-head">
                <Link to={`/sinh-hoat/${item.meeting_id}`}>{item.meeting_title}</Link>
                <Tag className="members-tag-left">{s.kind[item.kind]}</Tag>
              </span>
              <span className="muted">
                {formatDate(item.meeting_start)} · {s.minutes(item.seconds)}
              </span>
              {item.summary && <span>{item.summary}</span>}
            </div>
          </List.Item>
        )}
      />
      {next && (
        <Button block onClick={loadMore}>
          {s.more}
        </Button>
      )}
    </Section>
  );
}
