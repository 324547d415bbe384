import { App, Button, Card, List, Tag } from "antd";
import { useEffect, useState } from "react";
import { Link } from "react-router";

import { api, errorOf } from "../../api/client";
import type { components } from "../../api/schema";
import { DateInput } from "../../components/DateInput";
import { ErrorNote } from "../../components/ErrorNote";
import { FilePicker } from "../../components/FilePicker";
import { t } from "../../i18n/vi";
import { parseDate } from "../../lib/dates";
import { formatDate } from "../../lib/format";
import { detailLines } from "./sheetErrors";

type Sheet = components["schemas"]["SheetSummary"];
const s = t.admin.sheets;

/** Sheets by code, each with every version (newest first). */
function byCode(sheets: Sheet[]): Sheet[][] {
  const groups = new Map<string, Sheet[]>();
  for (const sheet of sheets) groups.set(sheet.code, [...(groups.get(sheet.code) ?? []), sheet]);
  return [...groups.values()].map((g) => g.sort((a, b) => b.version_number - a.version_number));
}

/** /quan-tri/phieu-danh-gia — sheet versions, and loading a new one from a file. */
export default function SheetsPage() {
  const [sheets, setSheets] = useState<Sheet[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    api
      .GET("/api/v1/rating-sheets", { params: { query: { all: true } } })
      .then(({ data, error: failure }) =>
        data ? setSheets(data) : setError(errorOf(failure, t.errors.generic).message),
      )
      .catch(() => setError(t.errors.network));
  }, [reload]);

  return (
    <>
      <h2>{s.title}</h2>
      <p className="muted">{s.intro}</p>
      <ErrorNote message={error} />
      <List
        loading={sheets === null && !error}
        dataSource={sheets ? byCode(sheets) : []}
        locale={{ emptyText: s.empty }}
        renderItem={(versions) => {
          const latest = versions[0];
          return (
            <List.Item key={latest.code} className="admin-sheet-item">
            <Card className="admin-block">
              <h3>{latest.name}</h3>
              <p className="muted">
                {s.subject[latest.subject]}
                {latest.meeting_types.length > 0 &&
                  ` · ${latest.meeting_types.map((m) => t.meetings.type[m]).join(", ")}`}
                {" · "}
                {s.versions(versions.length)}
              </p>
              <ul className="admin-versions">
                {versions.map((v, i) => (
                  <li key={v.id}>
                    <Link
                      to={`/quan-tri/phieu-danh-gia/${v.id}`}
                      className="admin-row-link"
                      aria-label={s.open(v.version_number, formatDate(v.effective_from))}
                    >
                      {s.version(v.version_number)} —{" "}
                      {s.effectiveFrom(formatDate(v.effective_from))}
                      {i === 0 && <Tag style={{ marginLeft: 8 }}>{s.latest}</Tag>}
                    </Link>
                  </li>
                ))}
              </ul>
            </Card>
            </List.Item>
          );
        }}
      />
      <UploadSheet onLoaded={() => setReload((n) => n + 1)} />
    </>
  );
}

function UploadSheet({ onLoaded }: { onLoaded: () => void }) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [day, setDay] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [details, setDetails] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setError(null);
    setDetails([]);
    if (!file) return setProblem(s.fileRequired);
    const name = file.name.toLowerCase();
    const yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    if (!yaml && !name.endsWith(".json")) return setProblem(s.fileType);
    // The day is typed dd/mm/yyyy; the API wants yyyy-mm-dd.
    const effective = parseDate(day);
    if (effective === undefined) return setProblem(t.dates.invalidDate);
    setProblem(null);
    setBusy(true);
    try {
      const text = await file.text();
      // The file goes as it is: the server reads JSON or YAML and validates the sheet.
      const { data, error: failure } = await api.POST("/api/v1/rating-sheets", {
        params: { query: effective ? { effective_from: effective } : {} },
        body: text as never,
        bodySerializer: (body: unknown) => body as string,
        headers: { "Content-Type": yaml ? "application/yaml" : "application/json" },
      });
      if (!data) {
        setError(errorOf(failure, t.errors.generic).message);
        const body = failure as { error?: { details?: unknown } } | undefined;
        setDetails(detailLines(body?.error?.details));
        return;
      }
      void message.success(s.uploaded(data.name, data.version_number));
      onLoaded();
    } catch {
      setError(t.errors.network);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="admin-block admin-card"
      aria-labelledby="admin-upload-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id="admin-upload-title">{s.upload}</h3>
      <p className="muted">{s.uploadHint}</p>
      <FilePicker
        label={s.file}
        choose={s.choose}
        none={s.noFile}
        accept=".json,.yaml,.yml,application/json,application/yaml"
        aria-invalid={!!problem}
        onFile={(f) => {
          setFile(f);
          setProblem(null);
        }}
      />
      {problem && (
        <div className="admin-error" role="alert">
          {problem}
        </div>
      )}
      <DateInput label={s.effective} hint={s.effectiveHint} value={day} onChange={setDay} />
      <ErrorNote message={error} />
      {details.length > 0 && (
        <section aria-label={s.problems}>
          <ul className="admin-problems">
            {details.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        </section>
      )}
      <Button type="primary" htmlType="submit" block loading={busy}>
        {s.submit}
      </Button>
    </form>
  );
}
