import { Modal } from "antd";
import type { ReactNode } from "react";

import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";

interface Props {
  open: boolean;
  title: string;
  okText: string;
  busy?: boolean;
  /** The API's refusal, in Vietnamese. */
  error?: string | null;
  danger?: boolean;
  onOk: () => void;
  onCancel: () => void;
  children: ReactNode;
}

/** A small form in a dialog; Enter in a field submits it. */
export function FormDialog(props: Props) {
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText}
      cancelText={t.cancel}
      okButtonProps={{
        danger: props.danger,
        className: props.danger ? "members-danger" : undefined,
      }}
      // The corner cross would be named in English by the library: Cancel closes instead.
      closable={false}
      confirmLoading={props.busy}
      onOk={props.onOk}
      onCancel={props.onCancel}
      destroyOnHidden
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          props.onOk();
        }}
      >
        {props.children}
        {/* Lets Enter submit from a text field. */}
        <button type="submit" hidden />
      </form>
      <ErrorNote message={props.error ?? null} />
    </Modal>
  );
}
