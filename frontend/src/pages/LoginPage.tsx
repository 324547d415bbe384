import { Alert, Button, Card, Form, Input } from "antd";
import { useState } from "react";

import { useAuth } from "../auth";
import { t } from "../i18n/vi";

export function LoginPage() {
  const { signIn } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: { username: string; password: string }) {
    setBusy(true);
    setError(await signIn(values.username, values.password));
    setBusy(false);
  }

  return (
    <main className="login">
      <Card title={<h1 style={{ margin: 0, fontSize: 20 }}>{`${t.appName} – ${t.login.title}`}</h1>}>
        <p className="muted">{t.appTitle}</p>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} role="alert" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            label={t.login.username}
            name="username"
            rules={[{ required: true, message: t.login.usernameRequired }]}
          >
            <Input autoComplete="username" autoCapitalize="none" />
          </Form.Item>
          <Form.Item
            label={t.login.password}
            name="password"
            rules={[{ required: true, message: t.login.passwordRequired }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t.login.submit}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
