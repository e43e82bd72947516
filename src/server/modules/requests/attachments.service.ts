/**
 * Files attached to a request. Adding one writes the bytes, an `attachment` timeline event and an
 * audit row in one transaction; reading one is limited to the requests the actor may see, like
 * every other read ("not found" otherwise).
 */
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/attachments.js';
import type { Attachment } from '../../../shared/schemas/requests.js';
import { queryRows, type Db, type Executor } from '../../db/client.js';
import { attachments, requestEvents, requests } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../audit/audit.service.js';
import { acceptedType, cleanFilename } from './attachments.content.js';
import { scopeOf } from './requests.queries.js';

export interface Upload {
  filename: string | undefined;
  /** The content type the browser declared; checked against the bytes. */
  declaredType: string | undefined;
  bytes: Buffer;
}

/*
 * Bytes cross to the database as base64 text, decoded and encoded there. PGlite copies a bytea
 * parameter or result byte by byte through JavaScript: a 10 MB photo took 15 s to store and 5 s
 * to read that way, and under 3 s as base64. PostgreSQL takes the same time either way.
 */
const asBytea = (bytes: Buffer) => sql<Buffer>`decode(${bytes.toString('base64')}, 'base64')`;

/** Attaches a file to a request the actor may see. */
export async function addAttachment(db: Db, actor: Actor, requestId: string, upload: Upload): Promise<Attachment> {
  if (upload.bytes.length === 0) throw new AppError('file_required');
  if (upload.bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError('payload_too_large', { maxBytes: MAX_ATTACHMENT_BYTES });
  const filename = cleanFilename(upload.filename);
  const contentType = acceptedType(upload.declaredType, filename, upload.bytes);
  if (!contentType) throw new AppError('unsupported_media_type', { field: 'file' });
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  return db.transaction(async (tx) => {
    const [request] = await tx.select({ id: requests.id }).from(requests).where(and(eq(requests.id, requestId), scopeOf(actor))).for('no key update');
    if (!request) throw new AppError('not_found');
    const [row] = await tx
      .insert(attachments)
      .values({ requestId, filename, contentType, size: upload.bytes.length, sha256, data: asBytea(upload.bytes), uploadedById: actor.userId })
      .returning({ id: attachments.id, createdAt: attachments.createdAt });
    const { id, createdAt } = row!;
    await tx.update(requests).set({ updatedAt: new Date() }).where(eq(requests.id, requestId));
    await tx.insert(requestEvents).values({
      requestId,
      kind: 'attachment',
      visibility: 'internal',
      actorId: actor.userId,
      body: filename,
      data: { attachmentId: id, contentType, size: upload.bytes.length },
    });
    // The file name may name a person: the audit row keeps only what identifies the bytes.
    await writeAudit(tx, actor, { action: 'request.attachment', entityType: 'request', entityId: requestId, data: { attachmentId: id, contentType, size: upload.bytes.length, sha256 } });
    return { id, filename, contentType, size: upload.bytes.length, uploadedBy: { id: actor.userId, fullName: actor.fullName }, createdAt: createdAt.toISOString() };
  });
}

/** Read in pieces this big, so a download never holds a whole 10 MB file in memory. */
const CHUNK_BYTES = 512 * 1024;

export interface StoredFile {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  /** The bytes, piece by piece. */
  chunks: AsyncIterable<Buffer>;
}

/** An attachment of a request the actor may see, with its bytes as a stream of chunks. */
export async function openAttachment(db: Executor, actor: Actor, requestId: string, attachmentId: string): Promise<StoredFile> {
  const [meta] = await db
    .select({ filename: attachments.filename, contentType: attachments.contentType, size: attachments.size, sha256: attachments.sha256 })
    .from(attachments)
    .innerJoin(requests, eq(requests.id, attachments.requestId))
    .where(and(eq(attachments.id, attachmentId), eq(attachments.requestId, requestId), scopeOf(actor)));
  if (!meta) throw new AppError('not_found');
  return { ...meta, chunks: readChunks(db, attachmentId, meta.size) };
}

async function* readChunks(db: Executor, attachmentId: string, size: number): AsyncGenerator<Buffer> {
  // Attachments never change once written, so reading them in several statements is consistent.
  for (let offset = 0; offset < size; offset += CHUNK_BYTES) {
    const [row] = await queryRows<{ piece: string }>(db, sql`
      select encode(substring(data from ${offset + 1}::int for ${CHUNK_BYTES}::int), 'base64') as piece from attachments where id = ${attachmentId}`);
    if (!row) throw new AppError('not_found');
    yield Buffer.from(row.piece, 'base64');
  }
}
