// Dialogs that change a member's standing: proposed and decided official, transferred to another cell, or
// leaving the rolls (which asks for a second confirmation: it cannot be undone here).
import { App } from "antd";
import { useEffect, useState } from "react";

import type { components } from "../../api/schema";
import { t } from "../../i18n/vi";
import { formatDate } from "../../lib/format";
import { parseDate, toInput, todayIso } from "./dates";
import { DateField, SelectField, TextField } from "./fields";
import { FormDialog } from "./FormDialog";
import type { Unit } from "./hooks";
import { probationDueOn } from "./logic";

type Member = components["schemas"]["MemberRead"];
type LeaveState = "transferred_out" | "removed" | "deceased";

const x = t.members.manage;
const e = t.members.errors;

interface Common {
  open: boolean;
  busy: boolean;
  error: string | null;
  onCancel: () => void;
}

/** A day typed as dd/mm/yyyy that is not in the future, or the Vietnamese problem. */
function pastDay(text: string): { day: string } | { problem: string } {
  const day = parseDate(text);
  if (!day) return { problem: e.dateFormat };
  if (day > todayIso()) return { problem: e.future };
  return { day };
}

const o = t.members.becoming;

export function ProposeOfficialDialog(
  props: Common & {
    member: Member;
    onOk: (input: { cell_vote_on: string; cell_resolution_ref: string; note: string | null }) => void;
  },
) {
  const [date, setDate] = useState("");
  const [ref, setRef] = useState("");
  const [note, setNote] = useState("");
  const [problems, setProblems] = useState<Record<string, string>>({});
  const due = probationDueOn(props.member);
  useEffect(() => {
    if (props.open) {
      setDate(toInput(todayIso()));
      setRef("");
      setNote("");
      setProblems({});
    }
  }, [props.open]);

  const submit = () => {
    const found: Record<string, string> = {};
    const read = pastDay(date);
    if ("problem" in read) found.date = read.problem;
    else if (due && read.day < due) found.date = e.officialBeforeProbation(formatDate(due));
    if (ref.trim().length < 2) found.ref = o.required;
    setProblems(found);
    if (Object.keys(found).length || "problem" in read) return;
    props.onOk({ cell_vote_on: read.day, cell_resolution_ref: ref.trim(), note: note.trim() || null });
  };

  return (
    <FormDialog {...props} title={o.proposeTitle} okText={o.propose} onOk={submit}>
      <p>{props.member.full_name}</p>
      <DateField label={o.voteOn} required value={date} onChange={setDate} error={problems.date} />
      <TextField
        label={o.resolutionRef}
        required
        value={ref}
        onChange={setRef}
        maxLength={120}
        error={problems.ref}
      />
      <TextField label={o.note} value={note} onChange={setNote} maxLength={500} multiline />
    </FormDialog>
  );
}

export function DecideOfficialDialog(
  props: Common & {
    member: Member;
    eligibleFrom: string | null;
    onOk: (input: {
      approved: boolean;
      decided_on: string;
      decision_ref: string;
      official_date: string | null;
    }) => void;
  },
) {
  const [decision, setDecision] = useState("approve");
  const [date, setDate] = useState("");
  const [official, setOfficial] = useState("");
  const [ref, setRef] = useState("");
  const [problems, setProblems] = useState<Record<string, string>>({});
  useEffect(() => {
    if (props.open) {
      setDecision("approve");
      setDate(toInput(todayIso()));
      setOfficial(props.eligibleFrom ? toInput(props.eligibleFrom) : "");
      setRef("");
      setProblems({});
    }
  }, [props.open, props.eligibleFrom]);

  const submit = () => {
    const found: Record<string, string> = {};
    const approved = decision === "approve";
    const read = pastDay(date);
    if ("problem" in read) found.date = read.problem;
    let officialDay: string | null = null;
    if (approved) {
      const day = pastDay(official);
      if ("problem" in day) found.official = day.problem;
      else if (props.eligibleFrom && day.day < props.eligibleFrom)
        found.official = e.officialBeforeProbation(formatDate(props.eligibleFrom));
      else officialDay = day.day;
    }
    if (ref.trim().length < 2) found.ref = o.required;
    setProblems(found);
    if (Object.keys(found).length || "problem" in read) return;
    props.onOk({
      approved,
      decided_on: read.day,
      decision_ref: ref.trim(),
      official_date: officialDay,
    });
  };

  return (
    <FormDialog {...props} title={o.decideTitle} okText={o.decide} onOk={submit}>
      <p>{props.member.full_name}</p>
      <SelectField
        label={o.decision}
        required
        value={decision}
        onChange={setDecision}
        options={[
          { value: "approve", label: o.approve },
          { value: "reject", label: o.reject },
        ]}
      />
      <DateField label={o.decidedOn} required value={date} onChange={setDate} error={problems.date} />
      {decision === "approve" && (
        <DateField
          label={t.members.manage.officialDate}
          required
          value={official}
          onChange={setOfficial}
          error={problems.official}
        />
      )}
      <TextField
        label={o.decisionRef}
        required
        value={ref}
        onChange={setRef}
        maxLength={120}
        error={problems.ref}
      />
    </FormDialog>
  );
}

export function TransferDialog(
  props: Common & {
    cells: Unit[];
    onOk: (input: {
      to_unit_id: number;
      transfer_date: string;
      reference: string | null;
      note: string | null;
    }) => void;
  },
) {
  const [cell, setCell] = useState("");
  const [date, setDate] = useState("");
  const [ref, setRef] = useState("");
  const [note, setNote] = useState("");
  const [problems, setProblems] = useState<Record<string, string>>({});
  useEffect(() => {
    if (props.open) {
      setCell("");
      setDate(toInput(todayIso()));
      setRef("");
      setNote("");
      setProblems({});
    }
  }, [props.open]);

  const submit = () => {
    const found: Record<string, string> = {};
    if (!cell) found.cell = e.chooseCell;
    const read = pastDay(date);
    if ("problem" in read) found.date = read.problem;
    setProblems(found);
    if (Object.keys(found).length || "problem" in read) return;
    props.onOk({
      to_unit_id: Number(cell),
      transfer_date: read.day,
      reference: ref.trim() || null,
      note: note.trim() || null,
    });
  };

  return (
    <FormDialog {...props} title={x.transferTitle} okText={x.transfer} onOk={submit}>
      <SelectField
        label={x.toCell}
        required
        value={cell}
        onChange={setCell}
        placeholder={x.choose}
        options={props.cells.map((c) => ({ value: c.id, label: c.name }))}
        error={problems.cell}
      />
      <DateField
        label={x.transferDate}
        required
        value={date}
        onChange={setDate}
        error={problems.date}
      />
      <TextField label={x.reference} value={ref} onChange={setRef} maxLength={120} />
      <TextField label={x.note} value={note} onChange={setNote} maxLength={200} />
    </FormDialog>
  );
}

export function LeaveDialog(
  props: Common & {
    member: Member;
    onOk: (input: {
      state: LeaveState;
      left_on: string;
      reference: string | null;
      note: string | null;
    }) => void;
  },
) {
  const { modal } = App.useApp();
  const [state, setState] = useState("");
  const [date, setDate] = useState("");
  const [ref, setRef] = useState("");
  const [note, setNote] = useState("");
  const [problems, setProblems] = useState<Record<string, string>>({});
  useEffect(() => {
    if (props.open) {
      setState("");
      setDate(toInput(todayIso()));
      setRef("");
      setNote("");
      setProblems({});
    }
  }, [props.open]);

  const submit = () => {
    const found: Record<string, string> = {};
    if (!state) found.state = e.chooseLeave;
    const read = pastDay(date);
    if ("problem" in read) found.date = read.problem;
    setProblems(found);
    if (Object.keys(found).length || "problem" in read) return;
    modal.confirm({
      title: x.leaveTitle,
      content: x.leaveConfirm(props.member.full_name, x.leaveStates[state]),
      okText: x.confirm,
      okButtonProps: { danger: true, className: "members-danger" },
      cancelText: t.cancel,
      onOk: () =>
        props.onOk({
          state: state as LeaveState,
          left_on: read.day,
          reference: ref.trim() || null,
          note: note.trim() || null,
        }),
    });
  };

  return (
    <FormDialog {...props} title={x.leaveTitle} okText={x.leave} danger onOk={submit}>
      <SelectField
        label={x.leaveState}
        required
        value={state}
        onChange={setState}
        placeholder={x.choose}
        options={(["transferred_out", "removed", "deceased"] as const).map((s) => ({
          value: s,
          label: x.leaveStates[s],
        }))}
        error={problems.state}
      />
      <DateField label={x.leaveOn} required value={date} onChange={setDate} error={problems.date} />
      <TextField label={x.reference} value={ref} onChange={setRef} maxLength={120} />
      <TextField label={x.note} value={note} onChange={setNote} maxLength={200} />
    </FormDialog>
  );
}
