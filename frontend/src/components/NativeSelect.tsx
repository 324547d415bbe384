import type { SelectHTMLAttributes } from "react";

import "./controls.css";

export interface Choice {
  value: string | number;
  label: string;
}

interface Props extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "children"> {
  options: Choice[];
  /** A first, empty choice (value ""). */
  placeholder?: string;
}

/** The phone's own picker: thumb-sized, labelled by a <label for>, usable with the keyboard. */
export function NativeSelect({ options, placeholder, className, ...rest }: Props) {
  return (
    <select className={`native-control native-select ${className ?? ""}`} {...rest}>
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
