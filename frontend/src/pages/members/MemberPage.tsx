import { Spin, Tabs } from "antd";
import { lazy, Suspense, useCallback, useState } from "react";
import { useParams, useSearchParams } from "react-router";

import { api } from "../../api/client";
import { useAuth } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { useCells, useLoad } from "./hooks";
import { InfoTab } from "./InfoTab";
import { canManage } from "./logic";
import { NotFound } from "./MemberFormPage";
import "./members.css";
import { StatusTags } from "./StatusTag";

const ActivityTab = lazy(() => import("./ActivityTab"));
const p = t.members.page;

/**
 * /dang-vien/:id — a member's record, standing and history; their meetings, attendance and
 * speeches. Managers of the member's cell change it here; a member sees their own, read-only.
 */
export default function MemberPage() {
  const { me } = useAuth();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const cells = useCells();
  const [params, setParams] = useSearchParams();
  // Every change reloads the record and the lists that show it.
  const [round, setRound] = useState(0);
  const changed = useCallback(() => setRound((n) => n + 1), []);
  const load = useLoad(
    () => api.GET("/api/v1/members/{member_id}", { params: { path: { member_id: id } } }),
    [id, round],
  );

  if (!valid || load.status === 404 || load.status === 403) return <NotFound />;
  if (load.error && !load.data) return <ErrorNote message={load.error} />;
  const member = load.data;
  if (!member || member.id !== id) return <Spin tip={t.loading} />;

  const own = me?.member_id === member.id;
  const manager = canManage(me?.role, member);
  // Members see only their own attendance and speeches; managers see everyone's.
  const showActivity = own || me?.role !== "member";
  const tab = params.get("muc") === "sinh-hoat" && showActivity ? "activity" : "info";
  return (
    <>
      <header className="members-head">
        <h2>{member.full_name}</h2>
        <StatusTags member={member} />
      </header>
      <Tabs
        activeKey={tab}
        onChange={(key) =>
          setParams(key === "activity" ? { muc: "sinh-hoat" } : {}, { replace: true })
        }
        items={[
          {
            key: "info",
            label: p.tabInfo,
            children: (
              <InfoTab
                member={member}
                cells={cells}
                manager={manager}
                round={round}
                onChanged={changed}
              />
            ),
          },
          ...(showActivity
            ? [
                {
                  key: "activity",
                  label: p.tabActivity,
                  children: (
                    <Suspense fallback={<Spin tip={t.loading} />}>
                      <ActivityTab memberId={member.id} />
                    </Suspense>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
