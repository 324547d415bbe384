import { Spin } from "antd";

import type { Me } from "../../auth";
import { t } from "../../i18n/vi";
import { DocumentList } from "../meeting/DocumentList";
import { MyCellLink } from "./MyCellLink";
import { NextMeetingCard } from "./NextMeetingCard";
import { useDocuments, useNextMeeting } from "./useNextMeeting";

/** A member's home: the next meeting of their cell and the documents sent for it. */
export function MemberHome({ me }: { me: Me }) {
  const next = useNextMeeting(me.unit_id);
  const documents = useDocuments(next.meeting?.id ?? null);
  return (
    <>
      <NextMeetingCard next={next}>
        <h4 className="home-needs-title">{t.home.documents}</h4>
        {documents === null ? (
          <Spin />
        ) : documents.filter((d) => !d.withdrawn_at).length === 0 ? (
          <p className="muted">{t.home.noDocuments}</p>
        ) : (
          <DocumentList documents={documents} showSent={false} />
        )}
      </NextMeetingCard>
      <MyCellLink me={me} />
    </>
  );
}
