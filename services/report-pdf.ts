import { existsSync } from 'node:fs';
import { Mutex, withTimeout, type MutexInterface } from 'async-mutex';
import { AppError } from '../lib/errors.ts';

/** Debian's Chromium flags, as the browser tests use them; no sync, updates or background traffic. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The page is loaded from this address; our route answers it, every other request is aborted. */
const PAGE_URL = 'http://gehoord-pdf.invalid/report';

/** Page numbers, so a printed copy handed round a council meeting stays in order. */
const PAGE_FOOTER = '<div style="width:100%;text-align:center;font:8pt sans-serif;color:#555">Pagina <span class="pageNumber"></span> van <span class="totalPages"></span></div>';

export interface PdfResult {
  pdf: Buffer;
  /** addresses the page tried to load and did not get: empty when the HTML carries everything inline */
  blocked: string[];
}

export interface PdfRenderer {
  render(html: string): Promise<PdfResult>;
}

export interface PdfOptions {
  chromiumPath: string | undefined;
  /** one PDF, from starting Chromium to the last byte */
  renderTimeoutMs?: number;
  /** how long a request waits while another PDF is being made */
  waitTimeoutMs?: number;
}

const busy = () => new AppError(503, 'pdf_busy', 'Er wordt nu al een PDF gemaakt. Probeer het over een minuut opnieuw.', undefined, 60);
const tooSlow = () => new AppError(503, 'pdf_timeout', 'Het maken van de PDF duurde te lang en is gestopt. Probeer het opnieuw, of kies een kortere periode.');

/**
 * Prints HTML to an A4 PDF with headless Chromium, or undefined when there is no Chromium (the
 * caller then offers the browser's own print to PDF).
 *
 * Nothing may leave the machine: JavaScript is off and every request the page makes is aborted, so
 * the HTML must carry its styles inline. One PDF at a time, each in a Chromium started for it and
 * closed after it: a report is made a few times a month, so a second of start-up costs less than a
 * browser (and its memory) kept around on a server that mostly does other things.
 */
export function createPdfRenderer({ chromiumPath, renderTimeoutMs = 30_000, waitTimeoutMs = 60_000 }: PdfOptions): PdfRenderer | undefined {
  if (!chromiumPath || !existsSync(chromiumPath)) return undefined;
  const turn: MutexInterface = withTimeout(new Mutex(), waitTimeoutMs, busy());
  return {
    render: (html) => turn.runExclusive(() => renderOnce(chromiumPath, html, renderTimeoutMs)),
  };
}

async function renderOnce(executablePath: string, html: string, timeoutMs: number): Promise<PdfResult> {
  // Loaded on the first PDF, not at start-up: the module alone takes most of a second to load.
  const { chromium, errors: playwrightErrors } = await import('playwright-core');
  const launching = chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: timeoutMs });
  const blocked: string[] = [];
  const work = (async () => {
    const browser = await launching;
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === PAGE_URL) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    await page.goto(PAGE_URL, { waitUntil: 'load', timeout: timeoutMs });
    const pdf = await page.pdf({
      format: 'A4', printBackground: true, margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
      displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: PAGE_FOOTER,
    });
    return { pdf, blocked };
  })();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(tooSlow()), timeoutMs); });
  try {
    return await Promise.race([work, deadline]);
  } catch (err) {
    // Chromium's own start-up and load limits are the same deadline, whichever notices it first.
    throw err instanceof playwrightErrors.TimeoutError ? tooSlow() : err;
  } finally {
    clearTimeout(timer);
    // Closing the browser also ends whatever `work` still waits for; its rejection is then expected.
    work.catch(() => undefined);
    await launching.then((b) => b.close(), () => undefined);
  }
}
