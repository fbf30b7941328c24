import { Secret, TOTP } from 'otpauth';
import { percentile } from './bench-server.ts';

/** A signed-in staff member over real HTTP, cookies kept between requests. */
export class Session {
  private cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async get(pathname: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(this.base + pathname, { ...init, redirect: 'manual', headers: { ...init.headers as Record<string, string>, cookie: this.cookieHeader() } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return res;
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async signIn(email: string, password: string) {
    const page = await (await this.get('/login')).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const res = await this.get('/login', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, email, password }).toString(),
    });
    const body = await res.text();
    if (res.status === 303) return;
    // Roles that see many stories set up an authenticator app on their first sign-in.
    const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(body)?.[1];
    if (!secret) throw new Error(`sign-in failed: ${res.status}`);
    const code = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
    const second = await this.get('/login/code', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '', code }).toString(),
    });
    await second.text();
    if (second.status !== 303) throw new Error(`second factor failed: ${second.status}`);
  }
}

/** One page's timings: `first` is the first request (before warm-up and any cache), `times` after warm-up. */
export interface Timing { name: string; status: number; times: number[]; first: number }

const WARM_UP = 3;

/** Requests a page `WARM_UP + requests` times (the path may change per request) and keeps the times after warm-up. */
export async function measure(s: Session, name: string, path: () => string, requests: number): Promise<Timing> {
  const times: number[] = [];
  let status = 0;
  let first = NaN;
  for (let i = 0; i < WARM_UP + requests; i++) {
    const started = performance.now();
    const res = await s.get(path());
    await res.arrayBuffer();
    status = res.status;
    if (status !== 200) break;
    if (i === 0) first = performance.now() - started;
    if (i >= WARM_UP) times.push(performance.now() - started);
  }
  return { name, status, times, first };
}

/** Prints `PREFIX_NAME_P50/P95/MAX` (and `_FIRST_VISIT` when asked) in milliseconds. */
export function reportTiming(prefix: string, t: Timing, opts: { firstVisit?: boolean } = {}): void {
  if (t.status === 404) return console.log(`${prefix}_${t.name}: skipped (404, page not there)`);
  if (t.status !== 200) return console.log(`${prefix}_${t.name}: failed (HTTP ${t.status})`);
  const sorted = [...t.times].sort((a, b) => a - b);
  console.log(`${prefix}_${t.name}_P50: ${percentile(sorted, 50).toFixed(0)} ms`);
  console.log(`${prefix}_${t.name}_P95: ${percentile(sorted, 95).toFixed(0)} ms`);
  console.log(`${prefix}_${t.name}_MAX: ${sorted.at(-1)!.toFixed(0)} ms`);
  if (opts.firstVisit) console.log(`${prefix}_${t.name}_FIRST_VISIT: ${t.first.toFixed(0)} ms`);
}
