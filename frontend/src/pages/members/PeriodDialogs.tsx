// Dialogs for the dated periods of a member: an exemption (miễn sinh hoạt), a temporary
// transfer (sinh hoạt tạm thời), and the end of either.
import { useEffect, useState } from "react";

import { t } from "../../i18n/vi";
import { parseDate, toInput, todayIso } from "./dates";
import { DateField, SelectField, TextField } from "./fields";
import { FormDialog } from "./FormDialog";
import type { Unit } from "./hooks";
import { readPeriod } from "./logic";

const e = t.members.errors;

type Problem = { field: string; message: string } | null;

function periodProblem(start: string, end: string): Problem {
  const read = readPeriod(start, end);
  if (!("field" in read)) return null;
  return {
    field: read.field,
    message: read.problem === "order" ? e.endBeforeStart : e.dateFormat,
  };
}

interface Common {
  open: boolean;
  busy: boolean;
  error: string | null;
  onCancel: () => void;
}

export interface ExemptionInput {
  start_date: string;
  end_date: string | null;
  reason: string;
  resolution_ref: string | null;
}

export function ExemptionDialog(props: Common & { onOk: (input: ExemptionInput) => void }) {
  const x = t.members.exemptions;
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [reason, setReason] = useState("");
  const [ref, setRef] = useState("");
  const [problems, setProblems] = useState<Record<string, string>>({});
  useEffect(() => {
    if (props.open) {
      setStart(toInput(todayIso()));
      setEnd("");
      setReason("");
      setRef("");
      setProblems({});
    }
  }, [props.open]);

  const submit = () => {
    const found: Record<string, string> = {};
    const period = periodProblem(start, end);
    if (period) found[period.field] = period.message;
    const why = reason.trim();
    if (why.length < 2 || why.length > 500) found.reason = e.reason;
    setProblems(found);
    if (Object.keys(found).length) return;
    props.onOk({
      start_date: parseDate(start)!,
      end_date: parseDate(end) ?? null,
      reason: why,
      resolution_ref: ref.trim() || null,
    });
  };

  return (
    <FormDialog {...props} title={x.add} okText={t.save} onOk={submit}>
      <DateField
        label={x.start}
        required
        value={start}
        onChange={setStart}
        error={problems.start}
      />
      <DateField label={x.endDate} value={end} onChange={setEnd} error={problems.end} />
      <TextField
        label={x.reason}
        required
        multiline
        value={reason}
        onChange={setReason}
        maxLength={500}
        error={problems.reason}
      />
      <TextField label={x.resolution} value={ref} onChange={setRef} maxLength={120} />
    </FormDialog>
  );
}

export interface TemporaryInput {
  host_unit_id: number;
  start_date: string;
  end_date: string | null;
  note: string | null;
}

export function TemporaryTransferDialog(
  props: Common & { cells: Unit[]; onOk: (input: TemporaryInput) => void },
) {
  const x = t.members.temporaryTransfers;
  const [host, setHost] = useState("");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [note, setNote] = useState("");
  const [problems, setProblems] = useState<Record<string, string>>({});
  useEffect(() => {
    if (props.open) {
      setHost("");
      setStart(toInput(todayIso()));
      setEnd("");
      setNote("");
      setProblems({});
    }
  }, [props.open]);

  const submit = () => {
    const found: Record<string, string> = {};
    if (!host) found.host = e.chooseCell;
    const period = periodProblem(start, end);
    if (period) found[period.field] = period.message;
    setProblems(found);
    if (Object.keys(found).length) return;
    props.onOk({
      host_unit_id: Number(host),
      start_date: parseDate(start)!,
      end_date: parseDate(end) ?? null,
      note: note.trim() || null,
    });
  };

  return (
    <FormDialog {...props} title={x.add} okText={t.save} onOk={submit}>
      <SelectField
        label={x.host}
        required
        value={host}
        onChange={setHost}
        placeholder={t.members.manage.choose}
        options={props.cells.map((c) => ({ value: c.id, label: c.name }))}
        error={problems.host}
      />
      <DateField
        label={x.start}
        required
        value={start}
        onChange={setStart}
        error={problems.start}
      />
      <DateField label={x.endDate} value={end} onChange={setEnd} error={problems.end} />
      <TextField label={x.note} value={note} onChange={setNote} maxLength={200} />
    </FormDialog>
  );
}

/** The end of a period that has begun (`start` is yyyy-mm-dd). */
export function EndDateDialog(
  props: Common & {
    title: string;
    label: string;
    start: string;
    onOk: (endDate: string) => void;
  },
) {
  const [end, setEnd] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (props.open) {
      const today = todayIso();
      setEnd(toInput(today < props.start ? props.start : today));
      setProblem(null);
    }
  }, [props.open, props.start]);

  const submit = () => {
    const read = readPeriod(toInput(props.start), end);
    if ("field" in read || !read.end) {
      setProblem("field" in read && read.problem === "order" ? e.endBeforeStart : e.dateFormat);
      return;
    }
    props.onOk(read.end);
  };

  return (
    <FormDialog {...props} okText={t.save} onOk={submit}>
      <DateField label={props.label} required value={end} onChange={setEnd} error={problem} />
    </FormDialog>
  );
}
