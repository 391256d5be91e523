/**
 * Uploaded files: the checks an upload must pass before anything is stored (size, a content
 * type on the allowlist, and bytes that look like that type), and the bytes in `content_files`.
 */
import { createHash } from 'node:crypto';
import { CONTENT_FILE_MAX_BYTES, CONTENT_MIME_TYPES, type ContentMimeType } from '../../src/contract/index.js';
import type { Queryable } from '../db.js';
import { ProblemError, validationFailed } from '../problem.js';
import type { FileMeta } from './items.js';

const EXTENSIONS: Record<string, ContentMimeType> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
};

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

/** Whether the bytes are what the type says (magic numbers; text: UTF-8 without NUL). */
function bytesMatch(type: ContentMimeType, b: Uint8Array): boolean {
  switch (type) {
    case 'application/pdf':
      return startsWith(b, ascii('%PDF-'));
    case 'image/png':
      return startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg':
      return startsWith(b, [0xff, 0xd8, 0xff]);
    case 'image/webp':
      return startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8);
    case 'text/plain':
    case 'text/markdown':
      if (b.includes(0)) return false;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(b);
        return true;
      } catch {
        return false;
      }
    default:
      // Office Open XML documents are ZIP archives.
      return startsWith(b, [0x50, 0x4b, 0x03, 0x04]);
  }
}

const fileError = (status: number, code: 'required' | 'too_big' | 'invalid_choice' | 'invalid_format', message: string, extra?: Record<string, unknown>) =>
  new ProblemError({ status, detail: message, errors: [{ path: 'file', code, message, ...(code === 'too_big' ? { params: { maximum: CONTENT_FILE_MAX_BYTES } } : {}) }], extra });

/**
 * The upload's metadata after checking it, or a problem naming `file`: 413 when too large, 415
 * for a type outside the allowlist, 422 when the bytes are not of the declared type.
 */
export async function checkUpload(part: unknown, maxBytes = CONTENT_FILE_MAX_BYTES): Promise<{ meta: FileMeta; bytes: Uint8Array }> {
  if (!(part instanceof Blob)) throw validationFailed('Upload the file as the "file" part of multipart/form-data.', [{ path: 'file', code: 'required', message: 'Add a file part.' }]);
  const rawName = part instanceof File ? part.name : '';
  const name = rawName.replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim().slice(-200) || 'file';
  if (part.size === 0) throw fileError(422, 'required', 'The file is empty.');
  if (part.size > maxBytes) throw fileError(413, 'too_big', `The file is larger than ${maxBytes} bytes.`, { maxBytes });
  const declared = part.type.split(';')[0].trim().toLowerCase();
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  // A browser sends an empty or generic type for some files (Markdown): the extension decides then.
  const type = (CONTENT_MIME_TYPES as readonly string[]).includes(declared)
    ? (declared as ContentMimeType)
    : declared === '' || declared === 'application/octet-stream'
      ? EXTENSIONS[ext]
      : undefined;
  if (!type) {
    throw fileError(415, 'invalid_choice', `Files of type "${declared || ext || 'unknown'}" are not accepted; upload PDF, PNG, JPEG, WebP, PowerPoint, Word, Excel, text or Markdown.`);
  }
  const bytes = new Uint8Array(await part.arrayBuffer());
  if (!bytesMatch(type, bytes)) throw fileError(422, 'invalid_format', `The file's content is not ${type}.`);
  return { meta: { name, size: bytes.byteLength, mimeType: type }, bytes };
}

/** Stores (or replaces) an item's file bytes. */
export async function storeFile(tx: Queryable, contentId: string, bytes: Uint8Array): Promise<void> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await tx.query(
    `INSERT INTO content_files (content_id, data, sha256) VALUES ($1, $2, $3)
     ON CONFLICT (content_id) DO UPDATE SET data = EXCLUDED.data, sha256 = EXCLUDED.sha256`,
    [contentId, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), sha256],
  );
}

export async function readFileBytes(tx: Queryable, contentId: string): Promise<{ data: Uint8Array; sha256: string } | null> {
  const { rows } = await tx.query<{ data: Uint8Array; sha256: string }>('SELECT data, sha256 FROM content_files WHERE content_id = $1', [contentId]);
  return rows[0] ?? null;
}

/** Headers of a served file: its type, a safe download name, and no script ever runs from it. */
export function fileHeaders(meta: FileMeta, sha256: string): Record<string, string> {
  const inline = meta.mimeType === 'application/pdf' || meta.mimeType.startsWith('image/') || meta.mimeType.startsWith('text/');
  const ascii = meta.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return {
    'Content-Type': meta.mimeType.startsWith('text/') ? `${meta.mimeType}; charset=utf-8` : meta.mimeType,
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(meta.name)}`,
    'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    'Cache-Control': 'private, no-store',
    ETag: `"${sha256}"`,
  };
}
