// A committee's cells side by side: compliance with the norms, then attendance and speaking.
// Loaded lazily with the chart library.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import { t } from "../../i18n/vi";
import { ChartFigure } from "./ChartFigure";
import ComplianceChart from "./ComplianceChart";
import { shortName, type CellAverage, type ComplianceBar } from "./data";

const c = t.charts.cells;
const pct = (v: number | string) => t.charts.percent(Number(v));
const AXIS = { fontSize: 12, fill: "#444" };

export function CellAveragesChart({ averages }: { averages: CellAverage[] }) {
  if (averages.length === 0) {
    return (
      <div className="charts-figure">
        <h4 className="charts-title">{c.title}</h4>
        <p className="muted">{t.charts.empty}</p>
      </div>
    );
  }
  const best = averages.reduce((a, b) => (b.attendance > a.attendance ? b : a));
  const data = averages.map((a) => ({ ...a, short: shortName(a.name) }));
  return (
    <ChartFigure
      title={c.title}
      summary={c.summary(averages.length, best.name, best.attendance)}
      columns={[
        { title: c.cell },
        { title: c.meetings, numeric: true },
        { title: c.attendance, numeric: true },
        { title: c.spoke, numeric: true },
      ]}
      rows={averages.map((a) => [a.name, a.meetings, pct(a.attendance), pct(a.spoke)])}
      height={90 + averages.length * 56}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#e0e0e0" horizontal={false} />
          <XAxis
            type="number"
            domain={[0, 100]}
            tickFormatter={pct}
            tick={AXIS}
            height={40}
            label={{ value: c.axis, position: "insideBottom", offset: -4, ...AXIS }}
          />
          <YAxis type="category" dataKey="short" tick={AXIS} width={110} />
          <Tooltip formatter={(v, name) => [pct(v as number), name]} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 13, color: "#333" }} />
          <Bar dataKey="attendance" name={c.attendance} fill="#1565c0" isAnimationActive={false} />
          <Bar dataKey="spoke" name={c.spoke} fill="#2e7d32" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** The charts of a committee's page. */
export default function CommitteeCharts({
  bars,
  averages,
}: {
  bars: ComplianceBar[];
  averages: CellAverage[];
}) {
  return (
    <>
      <ComplianceChart bars={bars} />
      <CellAveragesChart averages={averages} />
    </>
  );
}
