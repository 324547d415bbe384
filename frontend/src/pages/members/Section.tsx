import { Card } from "antd";
import type { ReactNode } from "react";

import "./members.css";

/** A section with its own h3 heading (the page's h2 is the member's name) and its actions. */
export function Section({
  id,
  title,
  extra,
  children,
}: {
  id: string;
  title: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="members-section" aria-labelledby={id}>
      <Card
        size="small"
        title={<h3 id={id}>{title}</h3>}
        styles={{ body: { paddingTop: 4 } }}
      >
        {children}
        {/* Below the list, not in the header: a phone's header has no room for a button. */}
        {extra && <div className="members-actions">{extra}</div>}
      </Card>
    </section>
  );
}
