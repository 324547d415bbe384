import { Button, Input } from "antd";
import { useId, useState } from "react";

import "./controls.css";
import "./dates.css";

export interface TypedFieldProps {
  label: string;
  /** The text as typed: the form keeps it and parses it when it is sent. */
  value: string;
  onChange: (text: string) => void;
  /** The form's own complaint (e.g. "missing"): shown instead of the format one. */
  error?: string | null;
  /** Replaces the format reminder under the field; false leaves it out. */
  hint?: string | false;
  required?: boolean;
  name?: string;
  disabled?: boolean;
}

interface Kind {
  placeholder: string;
  hint: string;
  invalid: string;
  maxLength: number;
  /** undefined when the text is neither empty nor a value of this kind. */
  parse: (text: string) => string | null | undefined;
  mask: (previous: string, next: string) => string;
  /** A one-tap value ("Hôm nay") with the button's text and its full accessible name. */
  quick?: { text: string; name: string; value: () => string };
}

/**
 * A labelled text input for a date or a time, the same on every phone whatever its language.
 * A wrong format is reported once the field is left (not while typing), tied to the input by
 * aria-describedby and aria-invalid.
 */
export function TypedField({ kind, ...props }: TypedFieldProps & { kind: Kind }) {
  const id = useId();
  const [left, setLeft] = useState(false);
  const formatError = left && kind.parse(props.value) === undefined ? kind.invalid : null;
  const error = props.error || formatError;
  const hint = props.hint === false ? null : (props.hint ?? kind.hint);
  const hintId = hint ? `${id}-hint` : "";
  const errorId = error ? `${id}-error` : "";
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " dt-invalid" : ""}`}>
      <label htmlFor={id} className="field-label">
        {props.label}
      </label>
      <div className="dt-row">
        <Input
          id={id}
          name={props.name}
          value={props.value}
          disabled={props.disabled}
          inputMode="numeric"
          autoComplete="off"
          placeholder={kind.placeholder}
          maxLength={kind.maxLength}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          aria-required={props.required || undefined}
          onChange={(e) => {
            setLeft(false);
            props.onChange(kind.mask(props.value, e.target.value));
          }}
          onBlur={() => setLeft(true)}
        />
        {kind.quick && (
          <Button
            className="dt-today"
            aria-label={kind.quick.name}
            disabled={props.disabled}
            onClick={() => {
              setLeft(false);
              props.onChange(kind.quick!.value());
            }}
          >
            {kind.quick.text}
          </Button>
        )}
      </div>
      {hint && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={errorId} role="alert" className="dt-error">
          {error}
        </div>
      )}
    </div>
  );
}
