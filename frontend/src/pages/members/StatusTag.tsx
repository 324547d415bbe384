import { Tag } from "antd";

import type { components } from "../../api/schema";
import { t } from "../../i18n/vi";
import "./members.css";

type Member = components["schemas"]["MemberRead"];

/** Official / probationary, and the state when the member left the rolls (dark text: contrast). */
export function StatusTags({ member }: { member: Member }) {
  const official = member.status === "official";
  return (
    <span className="members-tags">
      <Tag className={official ? "members-tag-official" : "members-tag-probationary"}>
        {official ? t.members.official : t.members.probationary}
      </Tag>
      {member.state !== "active" && (
        <Tag className="members-tag-left">{t.members.state[member.state]}</Tag>
      )}
    </span>
  );
}
