import request from 'supertest';
import { Secret, TOTP } from 'otpauth';
import type { System } from '../../system.ts';
import type { StaffRole } from '../../models/schema.ts';
import type { Scope } from '../../models/staff.ts';

export const tokenFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
export const PASSWORD = 'een lange zin als wachtwoord';

export interface StaffLogin { agent: request.Agent; email: string; totpSecret?: string }

/** Creates an account through the account service (as `npm run user:create` does). */
export async function createStaff(system: System, role: StaffRole, scope: Partial<Scope> = {}, email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.nl`) {
  await system.accounts.createUser({ email, role, password: PASSWORD, scope: { providers: [], regions: [], municipalities: [], ...scope } });
  return email;
}

export const totpCode = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate();

/** Signs in through the real form; sets up the authenticator app for roles that need one. */
export async function signIn(system: System, email: string, password = PASSWORD): Promise<StaffLogin> {
  const agent = request.agent(system.app!);
  const page = await agent.get('/login').expect(200);
  const res = await agent.post('/login').type('form').send({ _csrf: tokenFrom(page.text), email, password });
  if (res.status === 303) return { agent, email };
  const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(res.text)?.[1];
  if (!secret) throw new Error(`sign-in failed: ${res.status} ${res.text.slice(0, 300)}`);
  await agent.post('/login/code').type('form').send({ _csrf: tokenFrom(res.text), code: totpCode(secret) }).expect(303);
  return { agent, email, totpSecret: secret };
}

export async function staffAgent(system: System, role: StaffRole, scope: Partial<Scope> = {}): Promise<StaffLogin> {
  return signIn(system, await createStaff(system, role, scope));
}
