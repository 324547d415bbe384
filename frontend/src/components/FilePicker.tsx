import { forwardRef, useId, useState, type InputHTMLAttributes } from "react";

import "./controls.css";

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "onChange"> {
  label: string;
  /** The button's text. */
  choose: string;
  /** Shown until a file is chosen. */
  none: string;
  onFile: (file: File | null) => void;
}

/**
 * A file input in the app's language: the browser's own button and "no file chosen" text
 * follow the browser's language, so the real input lies transparent over a Vietnamese one.
 */
export const FilePicker = forwardRef<HTMLInputElement, Props>(function FilePicker(
  { label, choose, none, onFile, className, ...rest },
  ref,
) {
  const id = useId();
  const [name, setName] = useState<string | null>(null);
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="file-picker">
        <span className="file-picker-face" aria-hidden="true">
          <span className="file-picker-button">{choose}</span>
          <span className="file-picker-name">{name ?? none}</span>
        </span>
        <input
          ref={ref}
          id={id}
          type="file"
          className="file-picker-input"
          // Else the browser's own tooltip ("No file chosen") shows on hover.
          title={name ?? none}
          onChange={(e) => {
            const file = e.target.files?.[0] ?? null;
            setName(file?.name ?? null);
            onFile(file);
          }}
          {...rest}
        />
      </div>
    </div>
  );
});
