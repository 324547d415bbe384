import { ConfigProvider } from "antd";
import type { ReactNode } from "react";

import "./meeting.css";

// The library's busy icon is named "loading" for screen readers: an English word inside every
// busy button's name. A plain spinner, hidden from them, says nothing; the button stays named.
const SPINNER = <span aria-hidden="true" className="btn-spinner" />;

/** The meeting screens' tweaks of the theme: busy buttons, and a darker red for danger. */
export function MeetingTheme({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider
      // The default red fails WCAG AA contrast on white.
      theme={{ token: { colorError: "#c62828" } }}
      button={{ loadingIcon: SPINNER }}
    >
      {children}
    </ConfigProvider>
  );
}
