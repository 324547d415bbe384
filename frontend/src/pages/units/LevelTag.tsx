import { t } from "../../i18n/vi";
import "./units.css";

/** A quality level (Tốt, Khá, Trung bình, Kém) in colours dark enough to read. */
export function LevelTag({ level }: { level: string | null | undefined }) {
  if (!level)
    return <span className="units-level units-level-none">{t.units.ratings.noLevel}</span>;
  return (
    <span className={`units-level units-level-${level}`}>{t.units.levels[level] ?? level}</span>
  );
}
