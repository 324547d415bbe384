// A cell's year in three charts: attendance per meeting, the rating levels, the share of
// members who spoke. Loaded lazily: the chart library never weighs on the first screen.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import { t } from "../../i18n/vi";
import { ChartFigure } from "./ChartFigure";
import {
  attendancePoints,
  levelCounts,
  levelPoints,
  spokeSharePoints,
  spread,
  decimal,
  type MeetingStats,
} from "./data";

const decimalOrBlank = (n: number | null | undefined) =>
  n === null || n === undefined ? "" : decimal(n);

const c = t.charts;
const levels = t.units.levels;
const LEVEL_NAME: Record<number, string> = {
  1: levels.poor,
  2: levels.average,
  3: levels.fair,
  4: levels.good,
};
const pct = (v: number | string) => c.percent(Number(v));
const AXIS = { fontSize: 12, fill: "#444" };
const xAxis = (
  <XAxis
    dataKey="label"
    tick={AXIS}
    label={{ value: c.date, position: "insideBottom", offset: -4, ...AXIS }}
    height={40}
  />
);

function Empty({ title }: { title: string }) {
  return (
    <div className="charts-figure">
      <h4 className="charts-title">{title}</h4>
      <p className="muted">{c.empty}</p>
    </div>
  );
}

export function AttendanceChart({ rows }: { rows: MeetingStats[] }) {
  const data = attendancePoints(rows);
  const s = spread(data.map((p) => p.value));
  if (!s) return <Empty title={c.attendance.title} />;
  const byId = new Map(rows.map((r) => [r.meeting_id, r]));
  return (
    <ChartFigure
      title={c.attendance.title}
      summary={c.attendance.summary(s.count, s.average, s.min, s.max)}
      columns={[
        { title: c.date },
        { title: c.meeting },
        { title: c.attendance.present, numeric: true },
        { title: c.attendance.axis, numeric: true },
      ]}
      rows={data.map((p) => {
        const r = byId.get(p.meetingId);
        return [p.label, p.title, `${r?.present ?? 0}/${r?.expected ?? 0}`, pct(p.value)];
      })}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={data}
          margin={{ top: 8, right: 12, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#e0e0e0" />
          {xAxis}
          <YAxis
            domain={[0, 100]}
            tickFormatter={pct}
            tick={AXIS}
            width={56}
            label={{ value: c.attendance.axis, angle: -90, position: "insideLeft", ...AXIS }}
          />
          <Tooltip formatter={(v) => [pct(v as number), c.attendance.axis]} />
          <Line
            type="monotone"
            dataKey="value"
            stroke="#1565c0"
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export function RatingChart({ rows }: { rows: MeetingStats[] }) {
  const data = levelPoints(rows);
  if (data.length === 0) return <Empty title={c.ratings.title} />;
  const byId = new Map(rows.map((r) => [r.meeting_id, r]));
  const counts = levelCounts(rows)
    .map((x) => `${x.count} ${levels[x.level]}`)
    .join(", ");
  return (
    <ChartFigure
      title={c.ratings.title}
      summary={c.ratings.summary(data.length, counts)}
      columns={[
        { title: c.date },
        { title: c.meeting },
        { title: c.ratings.axis },
        { title: c.ratings.total, numeric: true },
      ]}
      rows={data.map((p) => [
        p.label,
        p.title,
        LEVEL_NAME[p.value],
        decimalOrBlank(byId.get(p.meetingId)?.rating_total),
      ])}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={data}
          margin={{ top: 8, right: 12, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#e0e0e0" />
          {xAxis}
          <YAxis
            domain={[1, 4]}
            ticks={[1, 2, 3, 4]}
            tickFormatter={(v: number) => LEVEL_NAME[v] ?? ""}
            tick={AXIS}
            width={80}
            label={{ value: c.ratings.axis, angle: -90, position: "insideLeft", ...AXIS }}
          />
          <Tooltip formatter={(v) => [LEVEL_NAME[v as number], c.ratings.axis]} />
          <Line
            type="stepAfter"
            dataKey="value"
            stroke="#b71c1c"
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export function SpeakersChart({ rows }: { rows: MeetingStats[] }) {
  const data = spokeSharePoints(rows);
  const s = spread(data.map((p) => p.value));
  if (!s) return <Empty title={c.speakers.title} />;
  const byId = new Map(rows.map((r) => [r.meeting_id, r]));
  return (
    <ChartFigure
      title={c.speakers.title}
      summary={c.speakers.summary(s.count, s.average)}
      columns={[
        { title: c.date },
        { title: c.meeting },
        { title: c.speakers.speakers, numeric: true },
        { title: c.speakers.axis, numeric: true },
      ]}
      rows={data.map((p) => {
        const r = byId.get(p.meetingId);
        return [p.label, p.title, `${r?.speakers ?? 0}/${r?.present ?? 0}`, pct(p.value)];
      })}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          margin={{ top: 8, right: 12, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#e0e0e0" vertical={false} />
          {xAxis}
          <YAxis
            domain={[0, 100]}
            tickFormatter={pct}
            tick={AXIS}
            width={56}
            label={{ value: c.speakers.axis, angle: -90, position: "insideLeft", ...AXIS }}
          />
          <Tooltip formatter={(v) => [pct(v as number), c.speakers.axis]} />
          <Bar dataKey="value" fill="#2e7d32" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** The three charts of one cell's year. */
export default function CellCharts({ rows }: { rows: MeetingStats[] }) {
  return (
    <>
      <AttendanceChart rows={rows} />
      <RatingChart rows={rows} />
      <SpeakersChart rows={rows} />
    </>
  );
}
