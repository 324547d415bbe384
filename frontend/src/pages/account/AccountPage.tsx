import { Button, Card, Descriptions } from "antd";

import { useAuth } from "../../auth";
import { t } from "../../i18n/vi";

export default function AccountPage() {
  const { me, signOut } = useAuth();
  if (!me) return null;
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t.account.title}</h2>}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t.login.username}>{me.username}</Descriptions.Item>
        <Descriptions.Item label="">{t.roles[me.role] ?? me.role}</Descriptions.Item>
      </Descriptions>
      <Button block onClick={() => void signOut()}>
        {t.account.signOut}
      </Button>
    </Card>
  );
}
