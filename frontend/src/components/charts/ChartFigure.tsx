import { useId, type ReactNode } from "react";

import { t } from "../../i18n/vi";
import "./charts.css";

export interface TableColumn {
  title: string;
  /** Right-aligned figures. */
  numeric?: boolean;
}

/**
 * A chart with its text alternative: the drawing is hidden from screen readers, which read the
 * caption (the figures in words) and the table of values beneath it instead.
 */
export function ChartFigure({
  title,
  summary,
  columns,
  rows,
  height,
  children,
}: {
  title: string;
  summary: string;
  columns: TableColumn[];
  rows: (string | number)[][];
  /** The drawing's height in px (220 unless told). */
  height?: number;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <figure className="charts-figure" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className="charts-title">
        {title}
      </h4>
      <div className="charts-plot" aria-hidden="true" style={height ? { height } : undefined}>
        {children}
      </div>
      <figcaption className="charts-caption">{summary}</figcaption>
      <details className="charts-details">
        <summary>{t.charts.showTable}</summary>
        <div className="charts-table-wrap">
          <table className="charts-table">
            <caption className="charts-sr-only">{title}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.title} scope="col" className={c.numeric ? "charts-num" : undefined}>
                    {c.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j} className={columns[j]?.numeric ? "charts-num" : undefined}>
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
