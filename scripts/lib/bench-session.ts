import { Secret, TOTP } from 'otpauth';

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
