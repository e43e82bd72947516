/** HTTP routes for a request's attachments: upload one file (multipart), download one. */
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../../shared/schemas/common.js';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/attachments.js';
import { Attachment } from '../../../shared/schemas/requests.js';
import { isStorableText } from '../../../shared/storable-text.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../../plugins/auth.js';
import { contentDisposition, showsInline } from './attachments.content.js';
import { addAttachment, openAttachment } from './attachments.service.js';

const tags = ['requests'];
const RequestParams = z.object({ id: Id });
const AttachmentParams = z.object({ id: Id, attachmentId: Id });

/**
 * Uploaded files are served from the app's own origin: the browser must take them as exactly the
 * declared type, and an image opened on its own may not run or load anything.
 */
const FILE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
  'cache-control': 'private, max-age=3600',
};

/**
 * The one file of a multipart body. Whatever the multipart parser cannot read (no boundary, a body
 * cut short, a boundary that never comes) is the sender's fault: a 400, not a 500.
 */
async function readOneFile(req: FastifyRequest): Promise<{ filename: string; mimetype: string; bytes: Buffer }> {
  try {
    const part = await req.file();
    if (!part) throw new AppError('file_required');
    if (!isStorableText(part.filename) || !isStorableText(part.mimetype)) throw new AppError('invalid_text', undefined, [{ path: 'body/file/filename', message: 'invalid text' }]);
    return { filename: part.filename, mimetype: part.mimetype, bytes: await part.toBuffer() };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('payload_too_large', { maxBytes: MAX_ATTACHMENT_BYTES });
    // The plugin's own limits (too many parts, files or fields) carry a 4xx status the error handler maps.
    if (code?.startsWith('FST_') && (err as { statusCode?: number }).statusCode! < 500) throw err;
    throw new AppError('malformed_multipart');
  }
}

export const attachmentsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const db = ctx.database.db;
  // Registered here, so only these routes accept multipart bodies.
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5, fieldSize: 1000, parts: 6, headerPairs: 20 }, throwFileSizeLimit: true });

  app.post('/api/requests/:id/attachments', {
    schema: {
      tags,
      summary: 'Attach one file (multipart/form-data, field `file`): JPEG, PNG, WebP, HEIC, PDF, DOC, DOCX, ODT or plain text, up to 10 MB',
      consumes: ['multipart/form-data'],
      params: RequestParams,
      response: { 201: Attachment },
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    if (!req.isMultipart()) throw new AppError('unsupported_media_type');
    const { filename, mimetype, bytes } = await readOneFile(req);
    const created = await addAttachment(db, actor, req.params.id, { filename, declaredType: mimetype, bytes });
    return reply.status(201).header('location', `/api/requests/${req.params.id}/attachments/${created.id}`).send(created);
  });

  app.get('/api/requests/:id/attachments/:attachmentId', {
    schema: { tags, summary: 'Download an attachment: pictures inline, other files as a download', params: AttachmentParams },
  }, async (req, reply) => {
    const file = await openAttachment(db, actorOf(req), req.params.id, req.params.attachmentId);
    const etag = `"${file.sha256}"`;
    reply.headers({ ...FILE_HEADERS, etag });
    if (req.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply
      .headers({ 'content-type': file.contentType, 'content-length': String(file.size), 'content-disposition': contentDisposition(file.filename, showsInline(file.contentType)) })
      .send(Readable.from(file.chunks));
  });
};
