import { App as AntApp, ConfigProvider } from "antd";
import viVN from "antd/locale/vi_VN";
import dayjs from "dayjs";
import "dayjs/locale/vi";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";

import { App } from "./App";
import { AuthProvider } from "./auth";
import "./styles.css";

dayjs.locale("vi");

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ConfigProvider
      locale={viVN}
      theme={{
        token: {
          colorPrimary: "#b71c1c",
          colorLink: "#0d47a1",
          // Hovered links and danger colours stay AA on white and light grey: a phone keeps
          // the hover where the finger last touched.
          colorLinkHover: "#08306b",
          colorLinkActive: "#08306b",
          colorError: "#a8071a",
          colorErrorHover: "#820014",
          colorErrorActive: "#5c0011",
          controlHeight: 44,
          fontSize: 15,
          // Secondary texts dark enough for WCAG AA contrast on white and light grey.
          colorTextSecondary: "#4a4a4a",
          colorTextTertiary: "#555555",
          colorTextQuaternary: "#5e5e5e",
          colorTextDescription: "#555555",
          colorTextPlaceholder: "#5e5e5e",
        },
      }}
    >
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <App />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);

if ("serviceWorker" in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register("/sw.js").catch(() => undefined);
}
