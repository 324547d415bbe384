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
      // The default red fails WCAG AA contrast on white, and so does its lighter hover shade
      // (on a phone the hover stays where the finger last was): darker ones throughout.
      theme={{
        token: { colorError: "#c62828", colorErrorHover: "#b71c1c", colorErrorActive: "#8e0000" },
      }}
      button={{ loadingIcon: SPINNER }}
    >
      {children}
    </ConfigProvider>
  );
}
