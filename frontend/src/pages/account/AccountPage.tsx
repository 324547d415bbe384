import { Button, Card, Descriptions } from "antd";

import { useAuth } from "../../auth";
import { t } from "../../i18n/vi";
import { formatDateTime } from "../../lib/format";
import "./account.css";
import { CalendarFeed } from "./CalendarFeed";
import { PasswordForm } from "./PasswordForm";

const a = t.account;

/** /tai-khoan — one's own account: who, password, private calendar link, signing out. */
export default function AccountPage() {
  const { me, signOut } = useAuth();
  if (!me) return null;
  return (
    <div className="account">
      <h2>{a.title}</h2>
      <Card className="account-card">
        <h3>{a.details}</h3>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={a.fullName}>{me.full_name}</Descriptions.Item>
          <Descriptions.Item label={a.username}>{me.username}</Descriptions.Item>
          <Descriptions.Item label={a.role}>{t.roles[me.role] ?? a.role}</Descriptions.Item>
          <Descriptions.Item label={a.unit}>{me.unit_name ?? a.never}</Descriptions.Item>
          {me.email && <Descriptions.Item label={a.email}>{me.email}</Descriptions.Item>}
          <Descriptions.Item label={a.lastLogin}>
            {me.last_login_at ? formatDateTime(me.last_login_at) : a.never}
          </Descriptions.Item>
          <Descriptions.Item label={a.passwordChangedAt}>
            {me.password_changed_at ? formatDateTime(me.password_changed_at) : a.never}
          </Descriptions.Item>
        </Descriptions>
        <Button block onClick={() => void signOut()} style={{ marginTop: 12 }}>
          {a.signOut}
        </Button>
      </Card>
      <Card className="account-card">
        <PasswordForm />
      </Card>
      <Card className="account-card">
        <CalendarFeed />
      </Card>
    </div>
  );
}
