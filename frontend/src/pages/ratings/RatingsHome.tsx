import { Spin } from "antd";
import { Link } from "react-router";

import { api } from "../../api/client";
import { useAuth } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { useLoad } from "../meeting/hooks";
import { daysAgo, newestFirst } from "./order";
import { RatingList } from "./RatingList";
import { isCommittee } from "./roles";

const h = t.ratings.home;
const RECENT_DAYS = 120;
const RECENT_SHOWN = 20;

/** /danh-gia — the committee's approval queue and recent final ratings; a cell's own ratings. */
export default function RatingsHome() {
  const { me } = useAuth();
  const committee = isCommittee(me?.role);
  return (
    <div className="rt-page">
      <h2>{h.title}</h2>
      <Link className="rt-link" to="/danh-gia/kiem-tra">
        {h.inspections}
      </Link>
      {committee ? <CommitteeLists /> : <CellList />}
    </div>
  );
}

function CommitteeLists() {
  const queue = useLoad(
    () =>
      api.GET("/api/v1/ratings", {
        params: { query: { status: "submitted", kind: "self", limit: 200 } },
      }),
    [],
  );
  const recent = useLoad(
    () =>
      api.GET("/api/v1/ratings", {
        params: {
          query: { status: "final", kind: "self", from: daysAgo(RECENT_DAYS), limit: 200 },
        },
      }),
    [],
  );
  return (
    <>
      <h3 id="rt-queue">{h.queue}</h3>
      <ErrorNote message={queue.error} />
      {queue.data ? (
        <RatingList
          label={h.queue}
          items={newestFirst(queue.data.items, (x) => x.submitted_at ?? x.meeting_day)}
          empty={h.queueEmpty}
        />
      ) : (
        !queue.error && <Spin />
      )}
      <h3>{h.recent}</h3>
      <ErrorNote message={recent.error} />
      {recent.data ? (
        <RatingList
          label={h.recent}
          items={newestFirst(recent.data.items, (x) => x.final_at ?? x.meeting_day).slice(
            0,
            RECENT_SHOWN,
          )}
          empty={h.recentEmpty}
        />
      ) : (
        !recent.error && <Spin />
      )}
    </>
  );
}

function CellList() {
  const list = useLoad(
    () => api.GET("/api/v1/ratings", { params: { query: { kind: "self", limit: 200 } } }),
    [],
  );
  return (
    <>
      <h3>{h.cell}</h3>
      <ErrorNote message={list.error} />
      {list.data ? (
        <RatingList
          label={h.cell}
          items={newestFirst(list.data.items, (x) => x.meeting_day)}
          empty={h.cellEmpty}
        />
      ) : (
        !list.error && <Spin />
      )}
    </>
  );
}
