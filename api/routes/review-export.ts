import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { DB } from '../../models/db.ts';
import { STORY_PERMISSIONS } from '../../models/staff-scope.ts';
import { filteredIds, storySummaries } from '../../models/review-stories.ts';
import { loadRedactions, storyTextsOf } from '../../models/redactions.ts';
import { tagsOf } from '../../models/tags.ts';
import { listFrameworkTopics } from '../../models/framework.ts';
import { listMunicipalities } from '../../models/reference.ts';
import { recordAudit } from '../../models/audit.ts';
import { errors } from '../../lib/errors.ts';
import type { Csrf } from '../middleware/csrf.ts';
import { requireStaff } from '../middleware/staff-auth.ts';
import { storyListQuery, toStoryFilter } from '../schemas/review.ts';
import {
  EXPORT_COLUMNS, csvRecord, exportFileName, exportRows, xlsxRecord, type ExportBatch, type ExportRow,
} from '../presenters/story-export.ts';

interface Deps { db: DB; csrf: Csrf }
type Format = 'csv' | 'xlsx';

const CONTENT_TYPE: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * The story list as a file: the same filters and scope as the list, every page, streamed in
 * batches so 100,000 stories never sit in memory. Logged in the audit log when it starts (with
 * the filter) and when it ends (with the number of stories).
 *
 * CSV: UTF-8 with a byte order mark and `;` between fields, which is what Excel with Dutch
 * settings opens directly (it uses `;` because `,` is the decimal comma).
 */
export function reviewExportRoutes({ db, csrf }: Deps): Router {
  const router = Router();
  const exporters = requireStaff({ db, csrf }, 'admin', 'reviewer', 'municipality');

  const handler = (format: Format) => async (req: Request, res: Response) => {
    const viewer = req.staff!.viewer;
    const permissions = STORY_PERMISSIONS[viewer.role];
    if (!permissions.export) throw errors.notFound();
    const query = storyListQuery.parse(req.query);
    const base = toStoryFilter(query);
    const filter = permissions.search ? base : { ...base, q: undefined };
    const [topics, municipalities] = await Promise.all([listFrameworkTopics(db), listMunicipalities(db)]);
    const topicLabels = new Map(topics.map((t) => [t.key, t.label]));
    const regionOf = new Map(municipalities.map((m) => [m.name, m.regionName]));
    const detail = { format, filter: { ...query, after: undefined } };
    await recordAudit(db, { actor: viewer, action: 'stories_exported', targetKind: 'stories', detail: { ...detail, state: 'started' }, ip: req.ip ?? null });

    res.status(200);
    res.set('Content-Type', CONTENT_TYPE[format]);
    res.set('Content-Disposition', `attachment; filename="${exportFileName(format)}"`);
    res.set('X-Content-Type-Options', 'nosniff');

    let aborted = false;
    res.on('close', () => { if (!res.writableFinished) aborted = true; });
    const batches = async function* (): AsyncGenerator<ExportRow[]> {
      for await (const ids of filteredIds(db, viewer, filter)) {
        if (aborted) return;
        const [items, texts, redactions, tags] = await Promise.all([storySummaries(db, ids), storyTextsOf(db, ids), loadRedactions(db, ids), tagsOf(db, ids)]);
        const batch: ExportBatch = { items, texts, redactions, tags, topicLabels, regionOf };
        yield exportRows(batch);
      }
    };

    let count = 0;
    try {
      if (format === 'csv') count = await writeCsv(res, batches());
      else count = await writeXlsx(res, batches());
    } catch (err) {
      // The headers are out: all that is left is to cut the file off, so it cannot pass for complete.
      req.log?.error({ err }, 'story export failed');
      res.destroy(err as Error);
      aborted = true;
    }
    await recordAudit(db, {
      actor: viewer, action: 'stories_exported', targetKind: 'stories',
      detail: { ...detail, state: aborted ? 'aborted' : 'done', rows: count }, ip: req.ip ?? null,
    });
  };

  router.get('/review/export.csv', exporters, handler('csv'));
  router.get('/review/export.xlsx', exporters, handler('xlsx'));
  return router;
}

async function writeCsv(res: Response, batches: AsyncGenerator<ExportRow[]>): Promise<number> {
  let count = 0;
  const records = async function* () {
    yield EXPORT_COLUMNS.map((c) => c.header);
    for await (const rows of batches) {
      for (const row of rows) yield csvRecord(row);
      count += rows.length;
    }
  };
  // pipeline keeps to the client's pace and stops when the client goes away.
  await pipeline(Readable.from(records()), stringify({ delimiter: ';', bom: true, record_delimiter: 'windows' }), res);
  return count;
}

async function writeXlsx(res: Response, batches: AsyncGenerator<ExportRow[]>): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Gehoord';
  const sheet = workbook.addWorksheet('Verhalen', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let count = 0;
  for await (const rows of batches) {
    for (const row of rows) sheet.addRow(xlsxRecord(row)).commit();
    count += rows.length;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
