import { Alert } from "antd";

export function ErrorNote({ message }: { message: string | null }) {
  return message ? <Alert type="error" showIcon message={message} role="alert" /> : null;
}
