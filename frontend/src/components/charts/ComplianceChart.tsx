// Compliance across a committee's cells: per cell, the share of months with the regular
// meeting held and the share held to every norm. Loaded lazily with the chart library.
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
import { shortName, type ComplianceBar } from "./data";

const c = t.charts;
const pct = (v: number | string) => c.percent(Number(v));
const AXIS = { fontSize: 12, fill: "#444" };

export default function ComplianceChart({
  bars,
  title,
}: {
  bars: ComplianceBar[];
  title?: string;
}) {
  const heading = title ?? c.compliance.title;
  if (bars.length === 0) {
    return (
      <div className="charts-figure">
        <h4 className="charts-title">{heading}</h4>
        <p className="muted">{c.empty}</p>
      </div>
    );
  }
  const data = bars.map((b) => ({ ...b, short: shortName(b.name) }));
  return (
    <ChartFigure
      title={heading}
      summary={c.compliance.summary(bars.length)}
      columns={[
        { title: c.compliance.cell },
        { title: c.compliance.held, numeric: true },
        { title: c.compliance.met, numeric: true },
      ]}
      rows={bars.map((b) => [b.name, pct(b.held), pct(b.met)])}
      height={90 + bars.length * 56}
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
            label={{ value: c.compliance.axis, position: "insideBottom", offset: -4, ...AXIS }}
          />
          <YAxis type="category" dataKey="short" tick={AXIS} width={110} />
          <Tooltip formatter={(v, name) => [pct(v as number), name]} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 13, color: "#333" }} />
          <Bar dataKey="held" name={c.compliance.held} fill="#1565c0" isAnimationActive={false} />
          <Bar dataKey="met" name={c.compliance.met} fill="#2e7d32" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
