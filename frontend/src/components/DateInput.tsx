import { t } from "../i18n/vi";
import { dateToText, maskDate, parseDate, todayIso } from "../lib/dates";
import { TypedField, type TypedFieldProps } from "./TypedField";

/**
 * A date typed as dd/mm/yyyy (the browser's own date input follows the browser's language:
 * mm/dd/yyyy in English). The form keeps the text and reads it with `parseDate` from
 * src/lib/dates.ts; `withToday` adds a "Hôm nay" button.
 */
export function DateInput({ withToday, ...props }: TypedFieldProps & { withToday?: boolean }) {
  const d = t.dates;
  return (
    <TypedField
      {...props}
      kind={{
        placeholder: d.datePlaceholder,
        hint: d.dateHint,
        invalid: d.invalidDate,
        maxLength: 10,
        parse: parseDate,
        mask: maskDate,
        quick: withToday
          ? { text: d.today, name: d.todayFor(props.label), value: () => dateToText(todayIso()) }
          : undefined,
      }}
    />
  );
}
