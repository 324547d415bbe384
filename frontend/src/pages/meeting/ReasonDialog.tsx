import { Input, Modal } from "antd";
import { useEffect, useId, useState } from "react";

import { t } from "../../i18n/vi";

interface Props {
  open: boolean;
  title: string;
  label: string;
  okText: string;
  /** Shown when the reason is shorter than `minLength`. */
  requiredMessage: string;
  minLength?: number;
  initial?: string;
  busy?: boolean;
  error?: string | null;
  onOk: (reason: string) => void;
  onCancel: () => void;
}

/** Asks for a reason (an excused absence, a cancellation) before going on. */
export function ReasonDialog(props: Props) {
  const { open, title, label, okText, requiredMessage, minLength = 1, initial = "" } = props;
  const id = useId();
  const [reason, setReason] = useState(initial);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    if (open) {
      setReason(initial);
      setInvalid(false);
    }
  }, [open, initial]);

  const submit = () => {
    if (reason.trim().length < minLength) {
      setInvalid(true);
      return;
    }
    props.onOk(reason.trim());
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t.cancel}
      closable={false}
      confirmLoading={props.busy}
      onOk={submit}
      onCancel={props.onCancel}
      destroyOnHidden
    >
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <Input.TextArea
        id={id}
        value={reason}
        autoFocus
        autoSize={{ minRows: 2, maxRows: 5 }}
        maxLength={500}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onChange={(e) => {
          setReason(e.target.value);
          setInvalid(false);
        }}
        onPressEnter={(e) => {
          if (!e.shiftKey) {
            e.preventDefault();
            submit();
          }
        }}
      />
      {invalid && (
        <div id={`${id}-error`} role="alert" className="field-error">
          {requiredMessage}
        </div>
      )}
      {props.error && (
        <div role="alert" className="field-error">
          {props.error}
        </div>
      )}
    </Modal>
  );
}
