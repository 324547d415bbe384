import { t } from "../i18n/vi";
import { maskTime, parseTime } from "../lib/dates";
import { TypedField, type TypedFieldProps } from "./TypedField";

/**
 * A 24-hour time typed as hh:mm (the browser's own time input shows AM/PM in English).
 * The form keeps the text and reads it with `parseTime` from src/lib/dates.ts.
 */
export function TimeInput(props: TypedFieldProps) {
  const d = t.dates;
  return (
    <TypedField
      {...props}
      kind={{
        placeholder: d.timePlaceholder,
        hint: d.timeHint,
        invalid: d.invalidTime,
        maxLength: 5,
        parse: parseTime,
        mask: maskTime,
      }}
    />
  );
}
