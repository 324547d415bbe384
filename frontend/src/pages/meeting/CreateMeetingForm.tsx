import { App, Button, Input } from "antd";
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";

import { api } from "../../api/client";
import { useAuth } from "../../auth";
import { DateInput } from "../../components/DateInput";
import { ErrorNote } from "../../components/ErrorNote";
import { Field } from "../../components/Field";
import { NativeSelect } from "../../components/NativeSelect";
import { TimeInput } from "../../components/TimeInput";
import { t } from "../../i18n/vi";
import { parseDate, parseTime, vietnamDateTimeToIso } from "../../lib/dates";
import { useAction } from "./hooks";
import { MeetingTheme } from "./MeetingTheme";

const w = t.workspace.create;
type MeetingType = "regular" | "thematic" | "committee" | "extraordinary" | "party_committee";
const CELL_TYPES: MeetingType[] = ["regular", "thematic", "committee", "extraordinary"];

/**
 * A new meeting: type, day and start time (typed as dd/mm/yyyy and 24-hour hh:mm, read as
 * Vietnam time), title and place; then its workspace opens.
 */
export function CreateMeetingForm({ onClose }: { onClose: () => void }) {
  const { me } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const act = useAction();
  const [units, setUnits] = useState<{ value: number; label: string; cell: boolean }[]>([]);
  const [unitId, setUnitId] = useState(String(me?.unit_id ?? ""));
  const [type, setType] = useState<MeetingType>("regular");
  const [day, setDay] = useState("");
  const [time, setTime] = useState("");
  const [title, setTitle] = useState("");
  const [location, setLocation] = useState("");
  // Set when "Tạo" is pressed: what each field lacks (missing or mistyped), else null.
  const [dayError, setDayError] = useState<string | null>(null);
  const [timeError, setTimeError] = useState<string | null>(null);
  const isSecretary = me?.role === "cell_secretary";

  useEffect(() => {
    if (isSecretary) return;
    api
      .GET("/api/v1/units", { params: { query: { limit: 200, active: true } } })
      .then(
        ({ data }) =>
          data &&
          setUnits(
            data.items
              .filter((u) => u.kind === "cell" || u.kind === "base_committee")
              .map((u) => ({ value: u.id, label: u.name, cell: u.kind === "cell" })),
          ),
      )
      .catch(() => undefined);
  }, [isSecretary]);

  const unitIsCell = isSecretary || (units.find((u) => String(u.value) === unitId)?.cell ?? true);
  const types: MeetingType[] = unitIsCell ? CELL_TYPES : ["party_committee"];
  useEffect(() => {
    if (!types.includes(type)) setType(types[0]);
  }, [types, type]);

  return (
    <MeetingTheme>
      <form
        className="ws-block create-meeting"
        aria-labelledby="create-meeting-title"
        onSubmit={(e) => {
          e.preventDefault();
          const date = parseDate(day);
          const clock = parseTime(time);
          const dayProblem =
            date === null ? w.dateRequired : date === undefined ? t.dates.invalidDate : null;
          const timeProblem =
            clock === null ? w.timeRequired : clock === undefined ? t.dates.invalidTime : null;
          setDayError(dayProblem);
          setTimeError(timeProblem);
          if (!date || !clock) return;
          void act.run(
            () =>
              api.POST("/api/v1/meetings", {
                body: {
                  unit_id: Number(unitId),
                  meeting_type: type,
                  planned_start: vietnamDateTimeToIso(date, clock),
                  title: title.trim() || null,
                  location: location.trim() || null,
                  with_agenda: true,
                },
              }),
            (meeting) => {
              void message.success(w.created);
              onClose();
              navigate(`/sinh-hoat/${meeting.id}`);
            },
          );
        }}
      >
        <h3 id="create-meeting-title" className="ws-subtitle">
          {w.title}
        </h3>
        {!isSecretary && (
          <Field label={w.unit}>
            {(id) => (
              <NativeSelect
                id={id}
                value={unitId}
                options={units}
                onChange={(e) => setUnitId(e.target.value)}
              />
            )}
          </Field>
        )}
        <Field label={w.type}>
          {(id) => (
            <NativeSelect
              id={id}
              value={type}
              options={types.map((k) => ({ value: k, label: t.meetings.type[k] }))}
              onChange={(e) => setType(e.target.value as MeetingType)}
            />
          )}
        </Field>
        <DateInput
          label={w.date}
          value={day}
          required
          withToday
          error={dayError}
          onChange={(text) => {
            setDay(text);
            setDayError(null);
          }}
        />
        <TimeInput
          label={w.time}
          value={time}
          required
          error={timeError}
          onChange={(text) => {
            setTime(text);
            setTimeError(null);
          }}
        />
        <Field label={w.name}>
          {(id) => (
            <Input
              id={id}
              value={title}
              maxLength={300}
              placeholder={w.namePlaceholder}
              onChange={(e) => setTitle(e.target.value)}
            />
          )}
        </Field>
        <Field label={w.location}>
          {(id) => (
            <Input
              id={id}
              value={location}
              maxLength={300}
              onChange={(e) => setLocation(e.target.value)}
            />
          )}
        </Field>
        <ErrorNote message={act.error} />
        <div className="stack">
          <Button type="primary" htmlType="submit" block loading={act.busy}>
            {w.submit}
          </Button>
          <Button block onClick={onClose}>
            {t.cancel}
          </Button>
        </div>
      </form>
    </MeetingTheme>
  );
}
