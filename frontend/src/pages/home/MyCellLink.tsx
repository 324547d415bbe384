import { Link } from "react-router";

import type { Me } from "../../auth";
import { t } from "../../i18n/vi";

/** A way to the caller's own cell page. */
export function MyCellLink({ me }: { me: Me }) {
  return (
    <p>
      <Link to={`/to-chuc/${me.unit_id}`} className="home-more-link">
        {t.home.myCell}
        {me.unit_name ? `: ${me.unit_name}` : ""}
      </Link>
    </p>
  );
}
