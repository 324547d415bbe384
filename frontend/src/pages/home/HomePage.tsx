import { Typography } from "antd";

import { useAuth } from "../../auth";
import { t } from "../../i18n/vi";
import { CommitteeHome } from "./CommitteeHome";
import { MemberHome } from "./MemberHome";
import { SecretaryHome } from "./SecretaryHome";
import "./home.css";

/** / — what each role needs first: the secretary's next meeting, the committee's cells. */
export default function HomePage() {
  const { me } = useAuth();
  if (!me) return null;
  return (
    <div className="home">
      <Typography.Title level={2} className="home-greeting">
        {t.home.greeting(me.full_name)}
      </Typography.Title>
      {me.unit_name && <p className="muted home-role">{`${t.roles[me.role]} · ${me.unit_name}`}</p>}
      {me.role === "cell_secretary" ? (
        <SecretaryHome me={me} />
      ) : me.role === "member" ? (
        <MemberHome me={me} />
      ) : (
        <CommitteeHome me={me} />
      )}
    </div>
  );
}
