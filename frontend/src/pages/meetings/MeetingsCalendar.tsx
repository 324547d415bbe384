import { Button, List, Spin, Tag } from "antd";
import { useEffect, useMemo, useState } from "react";
import { Link } from "react-router";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { formatDate, formatDateTime, formatTime } from "../../lib/format";
import {
  groupByDay,
  initialDay,
  monthGrid,
  monthRange,
  shiftMonth,
  vietnamDayKey,
  weekdayOf,
  type Month,
} from "./calendarGrid";
import { filterQuery, type MeetingFilters } from "./meetingFilters";

type Meeting = components["schemas"]["MeetingRead"];
const c = t.calendar;

/** A month of meetings: a grid with a dot per meeting, the chosen day's meetings below. */
export function MeetingsCalendar({
  month,
  filters,
  onMonth,
}: {
  month: Month;
  filters: MeetingFilters;
  onMonth: (month: Month) => void;
}) {
  const [items, setItems] = useState<Meeting[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const today = vietnamDayKey(new Date());

  useEffect(() => {
    let live = true;
    setItems(null);
    setError(null);
    const { from, before } = monthRange(month);
    api
      .GET("/api/v1/meetings", {
        params: {
          query: { starts_from: from, starts_before: before, limit: 200, ...filterQuery(filters) },
        },
      })
      .then(({ data, error: failure }) => {
        if (!live) return;
        if (data) setItems(data.items);
        else setError(errorOf(failure, t.errors.generic).message);
      })
      .catch(() => live && setError(t.errors.network));
    return () => {
      live = false;
    };
  }, [month, filters]);

  const byDay = useMemo(() => groupByDay(items ?? [], (m) => m.planned_start), [items]);
  const grid = useMemo(() => monthGrid(month), [month]);
  // A new month (or its meetings) chooses a day again: today, else its first meeting day.
  useEffect(() => {
    if (items) setSelected(initialDay(month, today, byDay.keys()));
  }, [items, month, today, byDay]);

  const day = selected ?? initialDay(month, today, []);
  const dayMeetings = byDay.get(day) ?? [];
  const dayName = (key: string) => c.weekdays[weekdayOf(key)];
  const isCurrent = today.startsWith(`${month.year}-${String(month.month).padStart(2, "0")}`);

  return (
    <section className="mcal" aria-labelledby="mcal-title">
      <h3 id="mcal-title" className="mcal-title" aria-live="polite">
        {c.monthTitle(month.month, month.year)}
      </h3>
      <div className="mcal-nav">
        <Button onClick={() => onMonth(shiftMonth(month, -1))}>
          <span aria-hidden="true">‹</span> {c.previous}
        </Button>
        <Button onClick={() => onMonth(monthOfKey(today))} disabled={isCurrent}>
          {c.today}
        </Button>
        <Button onClick={() => onMonth(shiftMonth(month, 1))}>
          {c.next} <span aria-hidden="true">›</span>
        </Button>
      </div>
      <ErrorNote message={error} />
      <Spin spinning={items === null && !error}>
        <table className="mcal-grid" aria-label={c.grid}>
          <thead>
            <tr>
              {c.weekdaysShort.map((short, i) => (
                <th key={short} scope="col">
                  <abbr title={c.weekdays[i]}>{short}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.map((week) => (
              <tr key={week[0].key}>
                {week.map((d) => {
                  const meetings = byDay.get(d.key) ?? [];
                  const date = formatDate(d.key);
                  return (
                    <td key={d.key}>
                      {d.inMonth ? (
                        <button
                          type="button"
                          className={[
                            "mcal-day",
                            d.key === day ? "is-selected" : "",
                            d.key === today ? "is-today" : "",
                            meetings.length ? "has-meetings" : "",
                          ].join(" ")}
                          aria-pressed={d.key === day}
                          aria-current={d.key === today ? "date" : undefined}
                          aria-label={c.dayLabel(dayName(d.key), date, meetings.length)}
                          onClick={() => setSelected(d.key)}
                        >
                          <span className="mcal-num">{d.day}</span>
                          <span className="mcal-dots" aria-hidden="true">
                            {meetings.slice(0, 3).map((m) => (
                              <span key={m.id} className={`mcal-dot mcal-${m.status}`} />
                            ))}
                          </span>
                        </button>
                      ) : (
                        <span className="mcal-out" aria-hidden="true">
                          {d.day}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </Spin>
      {items && <p className="muted mcal-count">{c.inMonth(items.length)}</p>}
      <h3 className="mcal-day-title">
        {c.dayHeading(dayName(day), formatDate(day))}
        {day === today && <span className="muted"> ({c.todayMark})</span>}
      </h3>
      <List
        dataSource={dayMeetings}
        locale={{ emptyText: c.dayEmpty }}
        renderItem={(m) => <MeetingLink meeting={m} withDate={false} />}
      />
    </section>
  );
}

function monthOfKey(key: string): Month {
  const [year, month] = key.split("-").map(Number);
  return { year, month };
}

/** One meeting in a list: opens its workspace. */
export function MeetingLink({ meeting: m, withDate }: { meeting: Meeting; withDate: boolean }) {
  return (
    <List.Item>
      <Link to={`/sinh-hoat/${m.id}`} className="meetings-link">
        <strong>{m.title}</strong>
        <div className="muted">
          {withDate ? formatDateTime(m.planned_start) : formatTime(m.planned_start)}
          {" · "}
          {t.meetings.type[m.meeting_type]} <Tag>{t.meetings.status[m.status]}</Tag>
        </div>
      </Link>
    </List.Item>
  );
}
