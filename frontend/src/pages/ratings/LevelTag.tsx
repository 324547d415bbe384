import { t } from "../../i18n/vi";

/** A level in Vietnamese, in its colour (green Tốt, blue Khá, amber Trung bình, red Kém). */
export function LevelTag({ level }: { level: string | null | undefined }) {
  if (!level) return null;
  return <span className={`rt-level rt-level-${level}`}>{t.ratings.level[level] ?? level}</span>;
}

/** Where a rating stands, as a quiet tag. */
export function StatusTag({
  status,
  labels = t.ratings.status,
}: {
  status: string;
  labels?: Record<string, string>;
}) {
  return <span className={`rt-status rt-status-${status}`}>{labels[status] ?? status}</span>;
}
