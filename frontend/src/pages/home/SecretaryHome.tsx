import type { Me } from "../../auth";
import { AlertsCard } from "./AlertsCard";
import { MyCellLink } from "./MyCellLink";
import { NeedsList } from "./NeedsList";
import { NextMeetingCard } from "./NextMeetingCard";
import { useNextMeeting } from "./useNextMeeting";

/** The secretary's home: the next meeting and what it still needs, then the alerts. */
export function SecretaryHome({ me }: { me: Me }) {
  const next = useNextMeeting(me.unit_id);
  return (
    <>
      <NextMeetingCard next={next}>
        {next.meeting && <NeedsList meeting={next.meeting} />}
      </NextMeetingCard>
      <AlertsCard absences />
      <MyCellLink me={me} />
    </>
  );
}
