import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import cookieParser from 'cookie-parser';
import { engine } from 'express-handlebars';
import { pinoHttp } from 'pino-http';
import type { Config } from '../lib/config.ts';
import { safePath, type Logger } from '../lib/logger.ts';
import { errors } from '../lib/errors.ts';
import type { DB } from '../models/db.ts';
import type { NarrativeService } from '../services/narratives.ts';
import type { Secrets } from '../services/secrets.ts';
import type { MediaStore } from '../services/media/store.ts';
import type { Mailer } from '../services/mailer.ts';
import { createUploads } from './middleware/uploads.ts';
import { createCsrf } from './middleware/csrf.ts';
import { createRateLimits } from './middleware/rate-limits.ts';
import { errorHandler, sendError } from './middleware/errors.ts';
import { viewHelpers } from './view-helpers.ts';
import { familyRoutes } from './routes/family.ts';
import { narrativeApiRoutes } from './routes/narratives-api.ts';
import { providerApiRoutes } from './routes/providers-api.ts';
import { healthRoutes, type HealthProbe } from './routes/health.ts';
import { loadHelplines } from './helplines.ts';
import type { AccountService } from '../services/accounts.ts';
import type { StaffStories } from '../services/staff-stories.ts';
import { loadStaffSession } from './middleware/staff-auth.ts';
import { staffAuthRoutes } from './routes/staff-auth.ts';
import { reviewRoutes } from './routes/review.ts';
import { reviewThemeRoutes } from './routes/review-themes.ts';
import { adminRoutes } from './routes/admin.ts';
import { transcribeRoutes } from './routes/review-transcribe.ts';
import { reviewExportRoutes } from './routes/review-export.ts';
import { portalRoutes } from './routes/portals.ts';
import { followUpRoutes } from './routes/follow-ups.ts';
import { reportRoutes } from './routes/report.ts';
import { answerLinkRoutes } from './routes/answer-links.ts';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export interface AppDeps {
  config: Pick<Config, 'cookieSecure' | 'trustProxy' | 'limits' | 'uploadDir' | 'chromiumPath'>;
  db: DB;
  log: Logger;
  secrets: Secrets;
  narratives: NarrativeService;
  store: MediaStore;
  health: HealthProbe;
  accounts: AccountService;
  staffStories: StaffStories;
  /** undefined when e-mail is off (no SMTP_URL) */
  mailer?: Mailer;
}

/** Builds the web app from its parts; nothing here reaches for globals. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.set('trust proxy', deps.config.trustProxy);
  app.disable('x-powered-by');
  app.engine('hbs', engine({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(root, 'views/layouts'),
    partialsDir: path.join(root, 'views/partials'),
    helpers: viewHelpers,
  }));
  app.set('view engine', 'hbs');
  app.set('views', path.join(root, 'views'));
  if (process.env.NODE_ENV === 'production') app.enable('view cache');

  app.use(pinoHttp({
    logger: deps.log,
    serializers: {
      req: (req) => ({ method: req.method, path: safePath(req.url) }),
      res: (res) => ({ status: res.statusCode }),
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url?.startsWith('/static/') === true },
  }));
  app.use(helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        upgradeInsecureRequests: deps.config.cookieSecure ? [] : null,
      },
    },
    strictTransportSecurity: deps.config.cookieSecure,
  }));
  app.use('/static', express.static(path.join(root, 'public'), { maxAge: '1h', index: false }));
  app.use(cookieParser());

  const csrf = createCsrf(deps.secrets.csrfSecret, deps.config.cookieSecure);
  const limits = createRateLimits(deps.config.limits);
  const helplines = loadHelplines();
  const uploads = createUploads(deps.config.uploadDir);
  app.use((_req, res, next) => {
    res.locals.helplines = helplines;
    next();
  });

  app.use(healthRoutes(deps.health));
  app.use('/api', express.json({ limit: '256kb' }), narrativeApiRoutes({ narratives: deps.narratives, limits, uploads }));
  app.use('/api', providerApiRoutes(deps.db));
  // Staff pages: their own layout, the session, and a CSRF token for every form (the header's sign-out too).
  const staffPaths = ['/login', '/logout', '/uitnodiging', '/review', '/admin', '/municipality', '/provider'];
  app.use(staffPaths, express.urlencoded({ extended: false, limit: '512kb' }), express.json({ limit: '256kb' }), csrf.visitor,
    loadStaffSession(deps.accounts, deps.config.cookieSecure), (req, res, next) => {
      res.locals.layout = 'staff';
      res.locals.csrfToken = csrf.token(req, res);
      next();
    });
  app.use(staffAuthRoutes({ accounts: deps.accounts, csrf, limits, secure: deps.config.cookieSecure }));
  app.use(reviewRoutes({ db: deps.db, csrf, stories: deps.staffStories, store: deps.store }));
  app.use(reportRoutes({ db: deps.db, csrf, log: deps.log, chromiumPath: deps.config.chromiumPath }));
  app.use(followUpRoutes({ db: deps.db, csrf, stories: deps.staffStories }));
  app.use(reviewThemeRoutes({ db: deps.db, csrf, stories: deps.staffStories }));
  app.use(transcribeRoutes({ db: deps.db, csrf, stories: deps.staffStories }));
  app.use(adminRoutes({ db: deps.db, csrf, accounts: deps.accounts, health: deps.health, mailer: deps.mailer }));
  app.use(reviewExportRoutes({ db: deps.db, csrf }));
  app.use(portalRoutes({ db: deps.db, csrf, stories: deps.staffStories }));
  app.use(express.urlencoded({ extended: false, limit: '512kb' }), csrf.visitor,
    familyRoutes({ db: deps.db, narratives: deps.narratives, csrf, limits, uploads, store: deps.store, mediaLinkKey: deps.secrets.mediaLinkKey }),
    answerLinkRoutes({ db: deps.db, csrf }));

  app.use((req, res) => sendError(req, res, errors.notFound()));
  app.use(errorHandler(deps.log));
  return app;
}
