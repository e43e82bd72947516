/**
 * Photos and documents of a request: thumbnails for pictures, links for the rest, and a drop zone
 * (or file picker) that refuses what the server would refuse before sending a byte.
 */
import { Alert, Anchor, Group, List, Paper, Progress, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, type AttachmentType } from '../../../shared/attachments';
import type { Attachment, RequestDetail } from '../../../shared/schemas/requests';
import { errorMessage } from '../../components/ErrorText';
import { formatDate } from '../../i18n';
import { useMe } from '../auth/session';
import classes from './RequestPage.module.css';
import { attachmentUrl, requestKey, uploadAttachment } from './RequestPageData';
import { formatSize } from './RequestTimeline';

/** Pictures every browser can show; HEIC is kept, but offered as a file. */
const PREVIEWABLE = new Set(['image/jpeg', 'image/png', 'image/webp']);
const EXTENSIONS = Object.values(ATTACHMENT_TYPES).flat();
const ACCEPT = [...Object.keys(ATTACHMENT_TYPES), ...EXTENSIONS].join(',');

/** Why a file cannot be sent, by the same rules the server applies to the name and declared type (it checks the bytes too). */
function refusal(file: File): 'tooBig' | 'badType' | 'empty' | null {
  if (file.size === 0) return 'empty';
  if (file.size > MAX_ATTACHMENT_BYTES) return 'tooBig';
  const ext = file.name.includes('.') ? file.name.slice(file.name.lastIndexOf('.')).toLowerCase() : '';
  const type = file.type.toLowerCase();
  const known = type in ATTACHMENT_TYPES || ['image/jpg', 'image/heif'].includes(type);
  if (known || ((type === '' || type === 'application/octet-stream') && EXTENSIONS.includes(ext as never))) return null;
  return 'badType';
}

interface Upload {
  name: string;
  progress: number;
  error?: string;
}

function AttachmentItem({ requestId, a }: { requestId: string; a: Attachment }) {
  const { i18n } = useTranslation();
  const url = attachmentUrl(requestId, a.id);
  // Who attached it and when to the minute are on the timeline; here, just enough to tell files apart.
  const meta = `${formatSize(a.size, i18n.language)} · ${formatDate(a.createdAt, i18n.language)}`;
  return (
    <li>
      <Anchor href={url} target="_blank" rel="noopener" underline="hover" c="inherit" display="block">
        {PREVIEWABLE.has(a.contentType) ? (
          <img src={url} alt="" loading="lazy" className={classes.thumb} />
        ) : (
          <div className={classes.thumb} style={{ display: 'grid', placeItems: 'center' }} aria-hidden>
            <Text fw={700} c="dimmed">{(ATTACHMENT_TYPES[a.contentType as AttachmentType]?.[0] ?? '').slice(1).toUpperCase() || '—'}</Text>
          </div>
        )}
        <Text size="sm" c="blue.8" mt={4} lineClamp={2} style={{ overflowWrap: 'anywhere' }}>{a.filename}</Text>
      </Anchor>
      <Text size="xs" c="dimmed">{meta}</Text>
    </li>
  );
}

export function RequestAttachments({ request }: { request: RequestDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe().data!;
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [refused, setRefused] = useState<string[]>([]);
  const busy = uploads.some((u) => u.progress < 1 && !u.error);

  const send = async (files: File[]) => {
    const problems = files.flatMap((f) => {
      const why = refusal(f);
      return why ? [t(`req.page.files.${why}`, { name: f.name })] : [];
    });
    setRefused(problems);
    const ok = files.filter((f) => !refusal(f));
    if (!ok.length) return;
    setUploads(ok.map((f) => ({ name: f.name, progress: 0 })));
    // One file per request, one after another: a failure says which file, and the rest still go.
    for (const [i, file] of ok.entries()) {
      const update = (u: Partial<Upload>) => setUploads((all) => all.map((x, j) => (j === i ? { ...x, ...u } : x)));
      try {
        await uploadAttachment(request.id, file, me.csrfToken, (progress) => update({ progress: Math.min(progress, 0.99) }));
        update({ progress: 1 });
      } catch (err) {
        update({ error: errorMessage(err, i18n.language) });
      }
    }
    await qc.invalidateQueries({ queryKey: requestKey(request.id) });
    setUploads((all) => all.filter((u) => u.error));
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!busy) void send(Array.from(e.dataTransfer.files));
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="files-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="files-title">
          {t('req.page.files.title')} {request.attachments.length > 0 && <Text span c="dimmed" fw={400}>({request.attachments.length})</Text>}
        </Title>
        {request.attachments.length > 0 ? (
          <ul className={classes.thumbs}>
            {request.attachments.map((a) => <AttachmentItem key={a.id} requestId={request.id} a={a} />)}
          </ul>
        ) : (
          <Text size="sm" c="dimmed">{t('req.page.files.none')}</Text>
        )}
        <UnstyledButton
          className={`${classes.drop} ${dragging ? classes.dropActive : ''}`}
          onClick={() => input.current?.click()}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          disabled={busy}
          aria-describedby="files-limits"
        >
          <Text fw={600} c="blue.8">{t('req.page.files.drop')}</Text>
          <Text size="xs" c="dimmed" id="files-limits">{t('req.page.files.limits')}</Text>
        </UnstyledButton>
        <input
          ref={input}
          type="file"
          multiple
          accept={ACCEPT}
          hidden
          aria-label={t('req.page.files.choose')}
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            e.currentTarget.value = '';
            void send(files);
          }}
        />
        {uploads.map((u, i) => (
          <div key={`${i}:${u.name}`}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" truncate>{u.name}</Text>
              {!u.error && <Text size="xs" c="dimmed">{Math.round(u.progress * 100)}%</Text>}
            </Group>
            {u.error ? (
              <Text size="sm" c="red.8" role="alert">{u.error}</Text>
            ) : (
              <Progress value={u.progress * 100} size="sm" aria-label={t('req.page.files.uploading', { name: u.name })} />
            )}
          </div>
        ))}
        {refused.length > 0 && (
          <Alert color="red" variant="light" role="alert" title={t('req.page.files.refused')}>
            <List size="sm">{refused.map((r) => <List.Item key={r}>{r}</List.Item>)}</List>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
