import { Spin } from "antd";

import { t } from "../../../i18n/vi";

export function Loading() {
  return (
    <Spin tip={t.loading}>
      <div style={{ minHeight: 80 }} />
    </Spin>
  );
}
