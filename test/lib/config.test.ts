import { expect } from 'chai';
import { loadConfig, ConfigError } from '../../lib/config.ts';

describe('Configuration from the environment', () => {
  it('has working defaults for the embedded mode', () => {
    const c = loadConfig({});
    expect(c.port).to.equal(3000);
    expect(c.databaseUrl).to.equal(undefined);
    expect(c.dataDir).to.match(/\/data$/);
    expect(c.cookieSecure).to.equal(false);
  });

  it('explains every mistake in one line each', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', COOKIE_SECURE: 'misschien' });
    } catch (e) { err = e; }
    expect(err).to.be.instanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).to.include('PORT: moet een getal zijn');
    expect(message).to.include('DATABASE_URL: moet beginnen met postgres://');
    expect(message).to.include('LOG_LEVEL');
    expect(message).to.include('COOKIE_SECURE: moet true of false zijn');
  });

  it('requires a shared SECRET_KEY with PostgreSQL or in production', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/x' })).to.throw(ConfigError, /SECRET_KEY/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).to.throw(ConfigError, /SECRET_KEY/);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'kort' })).to.throw(ConfigError, /32 tekens/);
    const c = loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(40) });
    expect(c.cookieSecure).to.equal(true);
  });
});
