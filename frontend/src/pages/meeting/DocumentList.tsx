import { App, Tag } from "antd";

import { authorizedFetch } from "../../api/client";
import { t } from "../../i18n/vi";
import { formatDateTime } from "../../lib/format";
import type { DocumentRead } from "./types";

const w = t.workspace.documents;

/** Downloads with the session's token (a plain link would be refused), under the file's name. */
async function download(doc: DocumentRead): Promise<boolean> {
  try {
    const response = await authorizedFetch(new Request(doc.download_url));
    if (!response.ok) return false;
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = doc.filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return true;
  } catch {
    return false;
  }
}

/** A meeting's documents with download links and whether they were sent to members. */
export function DocumentList({
  documents,
  showSent,
}: {
  documents: DocumentRead[];
  showSent: boolean;
}) {
  const { message } = App.useApp();
  const live = documents.filter((d) => !d.withdrawn_at);
  if (live.length === 0) return <p className="muted">{w.empty}</p>;
  return (
    <ul className="rows">
      {live.map((doc) => (
        <li key={doc.id} className="row doc">
          <a
            className="doc-link"
            href={doc.download_url}
            aria-label={w.download(doc.title)}
            onClick={async (e) => {
              e.preventDefault();
              if (!(await download(doc))) void message.error(w.downloadFailed);
            }}
          >
            {doc.title}
          </a>
          <div className="muted small">
            {w.kind_[doc.kind]} · {doc.filename} ·{" "}
            {w.size(Math.max(1, Math.round(doc.size_bytes / 1024)))}
          </div>
          {showSent && (
            <Tag className={doc.sent_at ? "tag-ok" : undefined}>
              {doc.sent_at ? w.sentAt(formatDateTime(doc.sent_at)) : w.notSent}
            </Tag>
          )}
        </li>
      ))}
    </ul>
  );
}
