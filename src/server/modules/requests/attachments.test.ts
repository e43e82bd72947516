/**
 * Attachments through the API: a Greek-named photo goes in and comes back byte for byte, with
 * its name; the bytes must match the declared type; 10 MB is the limit; another department's
 * request stays "not found"; the upload leaves a timeline event and an audit row.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { registerRequest, staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';
import { acceptedType, cleanFilename, contentDisposition } from './attachments.content.js';

/** A 1×1 transparent PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const GREEK_NAME = 'Φωτογραφία λακκούβας – Έβανς 10.png';

let t: TestApp;
let operator: Session;
let technicalStaff: Session;
let greenStaff: Session;
let requestId: string;

beforeAll(async () => {
  t = await startTestApp();
  operator = await staff(t, 'operator');
  technicalStaff = await staff(t, 'department_staff', ['technical']);
  greenStaff = await staff(t, 'department_staff', ['green']);
  requestId = (await registerRequest(t, operator)).id;
});
afterAll(() => t?.close());

/** Posts one file as a browser does: multipart/form-data, the name as raw UTF-8 in `filename`. */
async function upload(who: Session, id: string, filename: string, contentType: string, bytes: Buffer) {
  const boundary = `----dimotis${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`, 'utf8'),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/requests/${id}/attachments`,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

const download = (who: Session, id: string, attachmentId: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: `/api/requests/${id}/attachments/${attachmentId}`, headers: { cookie: who.cookie, ...headers } });

/** Attachments rows and attachment events stored for a request. */
async function stored(id: string) {
  const [row] = await queryRows<{ files: number; events: number; audits: number }>(t.ctx.database.db, sql`
    select (select count(*)::int from attachments where request_id = ${id}) as files,
      (select count(*)::int from request_events where request_id = ${id} and kind = 'attachment') as events,
      (select count(*)::int from audit_log where entity_id = ${id} and action = 'request.attachment') as audits`);
  return row!;
}

describe('uploading and downloading', () => {
  let attachmentId: string;

  it('stores a PNG with a Greek name and lists it in the request', async () => {
    const res = await upload(technicalStaff, requestId, GREEK_NAME, 'image/png', PNG);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ filename: GREEK_NAME, contentType: 'image/png', size: PNG.length, uploadedBy: { id: technicalStaff.userId } });
    attachmentId = res.body.id;
    expect(res.headers.location).toBe(`/api/requests/${requestId}/attachments/${attachmentId}`);
    const detail = await technicalStaff.get(`/api/requests/${requestId}`);
    expect(detail.body.attachments).toEqual([res.body]);
  });

  it('writes an attachment event on the timeline and an audit row without the name', async () => {
    const detail = await technicalStaff.get(`/api/requests/${requestId}`);
    expect(detail.body.timeline.at(-1)).toMatchObject({
      kind: 'attachment', visibility: 'internal', actor: { id: technicalStaff.userId }, body: GREEK_NAME,
      data: { attachmentId, contentType: 'image/png', size: PNG.length },
    });
    const audits = await queryRows<{ actor_id: string; data: Record<string, unknown> }>(t.ctx.database.db, sql`
      select actor_id, data from audit_log where entity_id = ${requestId} and action = 'request.attachment'`);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor_id: technicalStaff.userId, data: { attachmentId, contentType: 'image/png', size: PNG.length } });
    expect(JSON.stringify(audits[0]!.data)).not.toContain('λακκούβας');
  });

  it('gives the same bytes back, inline, with the Greek name and nosniff', async () => {
    const res = await download(operator, requestId, attachmentId);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(PNG)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-length']).toBe(String(PNG.length));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(/^inline; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1]!)).toBe(GREEK_NAME);
    // A second fetch of the same file can be answered from the browser's cache.
    const again = await download(operator, requestId, attachmentId, { 'if-none-match': String(res.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('serves a document as a download, and a file larger than one read piece intact', async () => {
    const big = Buffer.concat([PDF, randomBytes(1_300_000)]);
    const up = await upload(operator, requestId, 'Αίτηση.pdf', 'application/pdf', big);
    expect(up.status).toBe(201);
    const res = await download(technicalStaff, requestId, up.body.id);
    expect(res.headers['content-disposition']).toMatch(/^attachment; /);
    expect(res.rawPayload.equals(big)).toBe(true);
  });
});

describe('what is refused', () => {
  it('a file whose bytes are not what its type says: 415, nothing stored', async () => {
    const before = await stored(requestId);
    for (const [name, type, bytes] of [
      ['photo.png', 'image/png', Buffer.from('<html><script>alert(1)</script></html>')],
      ['photo.jpg', 'image/jpeg', PNG],
      ['file.pdf', 'application/pdf', Buffer.from('MZ\x90\x00 not a pdf')],
      ['page.html', 'text/html', Buffer.from('<html></html>')],
    ] as const) {
      const res = await upload(technicalStaff, requestId, name, type, bytes);
      expect([res.status, res.body.code], name).toEqual([415, 'unsupported_media_type']);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await stored(requestId)).toEqual(before);
  });

  it('a file over 10 MB: 413, nothing stored', async () => {
    const before = await stored(requestId);
    const res = await upload(technicalStaff, requestId, 'μεγάλη.png', 'image/png', Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]));
    expect([res.status, res.body.code]).toEqual([413, 'payload_too_large']);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await stored(requestId)).toEqual(before);
  });

  it('a request without a file, or not multipart', async () => {
    const empty = await upload(technicalStaff, requestId, 'κενό.txt', 'text/plain', Buffer.alloc(0));
    expect([empty.status, empty.body.code]).toEqual([400, 'file_required']);
    const json = await technicalStaff.post(`/api/requests/${requestId}/attachments`, { file: 'x' });
    expect([json.status, json.body.code]).toEqual([415, 'unsupported_media_type']);
  });

  it("another department's request: 404 for upload and download, nothing stored", async () => {
    const before = await stored(requestId);
    const up = await upload(greenStaff, requestId, GREEK_NAME, 'image/png', PNG);
    expect([up.status, up.body.code]).toEqual([404, 'not_found']);
    expect(await stored(requestId)).toEqual(before);
    const [{ id }] = (await technicalStaff.get(`/api/requests/${requestId}`)).body.attachments;
    const down = await download(greenStaff, requestId, id);
    expect(down.statusCode).toBe(404);
    expect(down.json().code).toBe('not_found');
    // An attachment asked for under another request is not found either.
    const other = (await registerRequest(t, operator)).id;
    expect((await download(operator, other, id)).statusCode).toBe(404);
    expect((await download(operator, requestId, randomUUID())).statusCode).toBe(404);
  });
});

describe('recognising files', () => {
  const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Array(40).fill(0)]);
  const odt = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('mimetypeapplication/vnd.oasis.opendocument.text')]);
  const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(12)]);

  it.each([
    ['an iPhone photo a browser sends as octet-stream', 'application/octet-stream', 'IMG_0001.HEIC', heic, 'image/heic'],
    ['a Word document', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'αίτηση.docx', zip, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['an OpenDocument text', '', 'αίτηση.odt', odt, 'application/vnd.oasis.opendocument.text'],
    ['a zip claiming to be OpenDocument', 'application/vnd.oasis.opendocument.text', 'x.odt', zip, null],
    ['Greek plain text', 'text/plain; charset=utf-8', 'σημείωση.txt', Buffer.from('Καλησπέρα σας'), 'text/plain'],
    ['a PNG sent as text', 'text/plain', 'x.txt', PNG, null],
    ['an executable with a picture’s name', 'application/octet-stream', 'photo.jpg', Buffer.from('MZ\x90\x00'), null],
  ])('%s', (_what, declared, filename, bytes, expected) => {
    expect(acceptedType(declared, filename, bytes)).toBe(expected);
  });

  it('keeps a clean name: NFC, no path, no direction tricks', () => {
    expect(cleanFilename('Φωτογραφι\u0301α.png'.normalize('NFD'))).toBe('Φωτογραφία.png');
    expect(cleanFilename('C:\\Users\\maria\\έγγραφο.pdf')).toBe('έγγραφο.pdf');
    expect(cleanFilename('photo\u202egpj.exe')).toBe('photogpj.exe');
    expect(cleanFilename('   ')).toBe('file');
    expect(Array.from(cleanFilename(`${'α'.repeat(300)}.pdf`))).toHaveLength(255);
    expect(cleanFilename(`${'α'.repeat(300)}.pdf`).endsWith('.pdf')).toBe(true);
  });

  it('names the file for old and new browsers', () => {
    expect(contentDisposition('Έγγραφο "1".pdf', false)).toBe(`attachment; filename="_ _1_.pdf"; filename*=UTF-8''${encodeURIComponent('Έγγραφο "1".pdf')}`);
    expect(contentDisposition("it's (1).png", true)).toBe(`inline; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`);
  });
});
