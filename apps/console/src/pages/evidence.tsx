import { useId, useState, type FormEvent } from 'react';
import { answer, clientOf, type Problem, type Session } from '../api';
import { Field, useCodeOptions } from '../form';
import { useI18n } from '../i18n';
import { Busy, DownloadButton, formatInstant, ProblemAlert, problemOf, TableHead } from '../ui';
import type { Attachment } from './case-reads';

type EvidenceKind = Attachment['evidenceKind'];
type FileType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/tiff' | 'text/plain';
type EvidenceCase = 'complaint' | 'finding' | 'inspection' | 'violation' | 'circular';
/** A recorded checklist item result a file may document (inspections only). */
type ItemOption = { value: string; label: string };

const EVIDENCE_KINDS: readonly EvidenceKind[] = ['letter_scan', 'cctv_note', 'photo', 'reply_letter', 'other'];
/** The types the API takes by default (ATTACHMENT_TYPES); the file input offers these, the API decides. */
const ACCEPTED = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,.txt,application/pdf,image/jpeg,image/png,image/tiff,text/plain';

/** A size as people read it: 12 KB, 1.4 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Files on record (留存备查): the list from the case's view, an upload form where `attach-evidence` is allowed, downloads with the bearer token. */
export function Evidence({
  session,
  kind,
  id,
  attachments,
  canAttach,
  onAttached,
  items = [],
}: {
  session: Session;
  kind: EvidenceCase;
  id: string;
  attachments: readonly (Attachment & { itemId?: string | null })[];
  canAttach: boolean;
  onAttached: () => void;
  items?: readonly ItemOption[];
}) {
  const { t, code } = useI18n();
  const download = (file: Attachment) => {
    const init = { params: { path: { id, sha256: file.sha256 } }, parseAs: 'blob' as const, headers: { accept: file.contentType } };
    const client = clientOf(session);
    if (kind === 'violation') return answer(client.GET('/violations/{id}/attachments/{sha256}', init));
    if (kind === 'circular') return answer(client.GET('/circulars/{id}/attachments/{sha256}', init));
    if (kind === 'inspection') return answer(client.GET('/inspections/{id}/attachments/{sha256}', init));
    return kind === 'finding' ? answer(client.GET('/findings/{id}/attachments/{sha256}', init)) : answer(client.GET('/complaints/{id}/attachments/{sha256}', init));
  };
  const itemLabel = (itemId: string) => items.find((item) => item.value === itemId)?.label ?? itemId;
  return (
    <>
      {attachments.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <table className="evidence">
          <caption className="visually-hidden">{t('evidence')}</caption>
          <TableHead columns={[t('fileName'), t('evidenceKind'), t('fileSize'), t('fileType'), t('attachedAt'), t('download')]} />
          <tbody>
            {attachments.map((file) => (
              <tr key={file.sha256} data-erased={file.erased || undefined}>
                <td>
                  {file.erased ? <span className="erased">{t('erased')}</span> : file.fileName}
                  {file.personalData && <span className="tag">{t('personalDataTag')}</span>}
                  {file.itemId && <span className="tag">{itemLabel(file.itemId)}</span>}
                </td>
                <td>{code(file.evidenceKind)}</td>
                <td>{formatSize(file.size)}</td>
                <td>{file.contentType}</td>
                <td>{formatInstant(file.occurredAt)}</td>
                <td>
                  {!file.erased && (
                    <DownloadButton load={() => download(file)} filename={file.fileName ?? file.sha256}>
                      {t('download')}
                      <span className="visually-hidden"> {file.fileName}</span>
                    </DownloadButton>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canAttach && <UploadForm session={session} kind={kind} id={id} items={items} onAttached={onAttached} />}
    </>
  );
}

function UploadForm({ session, kind, id, items, onAttached }: { session: Session; kind: EvidenceCase; id: string; items: readonly ItemOption[]; onAttached: () => void }) {
  const { t } = useI18n();
  const options = useCodeOptions();
  const fileId = useId();
  const personalId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [evidenceKind, setEvidenceKind] = useState('');
  const [itemId, setItemId] = useState('');
  const [personalData, setPersonalData] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file) {
      setProblem({ status: 0, title: t('chooseFile') });
      return;
    }
    const form = event.currentTarget;
    setBusy(true);
    setProblem(null);
    // The kind goes as chosen (empty too): the API names the field that is wrong.
    const query = {
      fileName: file.name,
      evidenceKind: evidenceKind as EvidenceKind,
      personalData: personalData ? ('true' as const) : ('false' as const),
      ...(itemId !== '' && { itemId }),
    };
    // The body is the file itself; its type says what it is (the API checks the first bytes against it).
    const init = {
      params: { path: { id }, query },
      body: file as unknown as string,
      bodySerializer: (body: unknown) => body as Blob,
      headers: { 'content-type': (file.type || 'application/octet-stream') as FileType },
    };
    try {
      const client = clientOf(session);
      if (kind === 'violation') await answer(client.POST('/violations/{id}/attachments', init));
      if (kind === 'circular') await answer(client.POST('/circulars/{id}/attachments', init));
      if (kind === 'inspection') await answer(client.POST('/inspections/{id}/attachments', init));
      else await (kind === 'finding' ? answer(client.POST('/findings/{id}/attachments', init)) : answer(client.POST('/complaints/{id}/attachments', init)));
      form.reset();
      setFile(null);
      setEvidenceKind('');
      setItemId('');
      setPersonalData(false);
      onAttached();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="upload" aria-labelledby={`${fileId}-heading`}>
      <h3 id={`${fileId}-heading`}>{t('attachEvidence')}</h3>
      <ProblemAlert problem={problem} />
      <div className="field">
        <label htmlFor={fileId}>{t('file')}</label>
        <input id={fileId} type="file" name="file" accept={ACCEPTED} onChange={(event) => setFile(event.target.files?.[0] ?? null)} required />
      </div>
      <Field label={t('evidenceKind')} name="evidenceKind" problem={problem} value={evidenceKind} onChange={setEvidenceKind} options={options(EVIDENCE_KINDS)} required />
      {items.length > 0 && <Field label={t('evidenceItem')} name="itemId" problem={problem} value={itemId} onChange={setItemId} options={items} />}
      <div className="field checkbox">
        <input id={personalId} type="checkbox" checked={personalData} onChange={(event) => setPersonalData(event.target.checked)} />
        <label htmlFor={personalId}>{t('personalData')}</label>
      </div>
      <button type="submit" disabled={busy}>
        {t('upload')}
      </button>
      {busy && <Busy label={t('working')} />}
    </form>
  );
}
