import { Input } from "antd";
import { useId, type ReactNode } from "react";

import { NativeSelect, type Choice } from "../../components/NativeSelect";
import { t } from "../../i18n/vi";
import "./members.css";

interface Shell {
  label: string;
  hint?: string;
  error?: string | null;
  /** A star for the eye; screen readers hear aria-required instead. */
  required?: boolean;
}

/** A label, its control, a hint and the field's error, tied together for screen readers. */
function FieldShell({
  label,
  hint,
  error,
  required,
  children,
}: Shell & { children: (id: string, describedBy: string | undefined) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : "";
  const errorId = error ? `${id}-error` : "";
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field members-field${error ? " members-field-invalid" : ""}`}>
      <label htmlFor={id} className={`field-label${required ? " members-required" : ""}`}>
        {label}
      </label>
      {children(id, describedBy)}
      {hint && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={errorId} className="members-error">
          {error}
        </div>
      )}
    </div>
  );
}

interface TextProps extends Shell {
  value: string;
  onChange: (value: string) => void;
  name?: string;
  type?: "text" | "email" | "tel";
  inputMode?: "text" | "numeric" | "tel" | "email";
  autoComplete?: string;
  maxLength?: number;
  placeholder?: string;
  multiline?: boolean;
}

/** A text input (or a text area) with its label. */
export function TextField(props: TextProps) {
  const { value, onChange, name, type = "text", inputMode, autoComplete, maxLength } = props;
  return (
    <FieldShell {...props}>
        {(id, describedBy) =>
          props.multiline ? (
            <Input.TextArea
              id={id}
              name={name}
              value={value}
              maxLength={maxLength}
              autoSize={{ minRows: 2, maxRows: 5 }}
              aria-invalid={props.error ? true : undefined}
              aria-describedby={describedBy}
              aria-required={props.required || undefined}
              onChange={(e) => onChange(e.target.value)}
            />
          ) : (
            <Input
              id={id}
              name={name}
              type={type}
              value={value}
              inputMode={inputMode}
              autoComplete={autoComplete ?? "off"}
              maxLength={maxLength}
              placeholder={props.placeholder}
              aria-invalid={props.error ? true : undefined}
              aria-describedby={describedBy}
              aria-required={props.required || undefined}
              onChange={(e) => onChange(e.target.value)}
            />
          )
        }
    </FieldShell>
  );
}

/** A date typed as dd/mm/yyyy: the same on every phone, whatever its language. */
export function DateField(props: Omit<TextProps, "type" | "inputMode" | "placeholder">) {
  return (
    <TextField
      {...props}
      inputMode="text"
      placeholder="dd/mm/yyyy"
      maxLength={10}
      hint={props.hint ?? t.members.form.dateHint}
    />
  );
}

interface SelectProps extends Shell {
  value: string;
  onChange: (value: string) => void;
  options: Choice[];
  placeholder?: string;
  name?: string;
  disabled?: boolean;
}

/** The phone's own picker, with a real label. */
export function SelectField(props: SelectProps) {
  return (
    <FieldShell {...props}>
      {(id, describedBy) => (
        <NativeSelect
          id={id}
          name={props.name}
          value={props.value}
          options={props.options}
          placeholder={props.placeholder}
          disabled={props.disabled}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy}
          aria-required={props.required || undefined}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </FieldShell>
  );
}
