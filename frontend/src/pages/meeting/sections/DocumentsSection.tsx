import { App, Button, Input } from "antd";
import { useState } from "react";

import { api } from "../../../api/client";
import { ErrorNote } from "../../../components/ErrorNote";
import { Field } from "../../../components/Field";
import { FilePicker } from "../../../components/FilePicker";
import { NativeSelect } from "../../../components/NativeSelect";
import { t } from "../../../i18n/vi";
import { useWorkspace } from "../context";
import { DocumentList } from "../DocumentList";
import { useAction, useLoad } from "../hooks";
import { isLocked } from "../logic";
import type { DocumentKind } from "../types";

const w = t.workspace.documents;
const ACCEPT =
  ".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg,.gif,.webp,application/pdf," +
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document," +
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet," +
  "application/vnd.oasis.opendocument.text,image/png,image/jpeg,image/gif,image/webp";
const KINDS: DocumentKind[] = [
  "material",
  "draft_resolution",
  "minutes",
  "resolution",
  "conclusion",
  "other",
];

/** Upload the meeting's documents and send them to members ahead of the meeting. */
export function DocumentsSection() {
  const { meeting } = useWorkspace();
  const { message } = App.useApp();
  const path = { meeting_id: meeting.id };
  const docs = useLoad(
    () => api.GET("/api/v1/meetings/{meeting_id}/documents", { params: { path } }),
    [meeting.id],
  );
  const upload = useAction();
  const send = useAction();
  const [pickerKey, setPickerKey] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<DocumentKind>("material");
  const [missing, setMissing] = useState(false);
  const locked = isLocked(meeting.status);
  const list = docs.data ?? [];
  const unsent = list.some((d) => !d.sent_at && !d.withdrawn_at);

  const submit = () => {
    if (!file) {
      setMissing(true);
      return;
    }
    const form = new FormData();
    form.append("file", file, file.name);
    if (title.trim()) form.append("title", title.trim());
    form.append("kind", kind);
    void upload.run(
      () =>
        api.POST("/api/v1/meetings/{meeting_id}/documents", {
          params: { path },
          // The generated type says `file: string`; the body is the multipart form itself.
          body: {} as never,
          bodySerializer: () => form,
        }),
      () => {
        setFile(null);
        setTitle("");
        setPickerKey((k) => k + 1);
        docs.reload();
        void message.success(w.uploaded);
      },
    );
  };

  return (
    <div className="ws-section">
      <ErrorNote message={docs.error} />
      <DocumentList documents={list} showSent />
      {!locked && (
        <>
          <ErrorNote message={send.error} />
          <Button
            type="primary"
            block
            disabled={!unsent}
            loading={send.busy}
            onClick={() =>
              void send.run(
                () =>
                  api.POST("/api/v1/meetings/{meeting_id}/documents/send", { params: { path } }),
                (data) => {
                  docs.setData(data);
                  void message.success(w.sentAll);
                },
              )
            }
          >
            {w.send}
          </Button>
          <form
            className="ws-block"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <FilePicker
              key={pickerKey}
              label={w.file}
              choose={w.chooseButton}
              none={w.noFile}
              accept={ACCEPT}
              aria-invalid={missing}
              onFile={(chosen) => {
                setFile(chosen);
                setMissing(false);
              }}
            />
            {missing && (
              <div role="alert" className="field-error">
                {w.chooseFile}
              </div>
            )}
            <Field label={w.title}>
              {(id) => (
                <Input
                  id={id}
                  value={title}
                  maxLength={300}
                  placeholder={w.titlePlaceholder}
                  onChange={(e) => setTitle(e.target.value)}
                />
              )}
            </Field>
            <Field label={w.kind}>
              {(id) => (
                <NativeSelect
                  id={id}
                  value={kind}
                  options={KINDS.map((k) => ({ value: k, label: w.kind_[k] }))}
                  onChange={(e) => setKind(e.target.value as DocumentKind)}
                />
              )}
            </Field>
            <ErrorNote message={upload.error} />
            <Button htmlType="submit" block loading={upload.busy}>
              {w.upload}
            </Button>
          </form>
        </>
      )}
    </div>
  );
}
