import { hkdfSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AppModule } from './module.js';
import { requireService } from './module.js';
import type { Transactor } from '../../../core/shared/unit-of-work.port.js';
import type { DirectoryLookup } from '../../../core/identity/directory.port.js';
import type { SessionOptions } from '../../../miniapp/api/session.js';
import { authRoutes } from '../../../miniapp/api/auth.routes.js';
import { recordsRoutes } from '../../../miniapp/api/records.routes.js';
import { adminRoutes, type DeadLetters } from '../../../miniapp/api/admin.routes.js';
import { configRoutes } from '../../../miniapp/api/config.routes.js';
import { requireSession } from '../../../miniapp/api/auth.js';
import { serveApp } from '../../../miniapp/api/static-assets.js';
import { PLATFORM_SERVICES } from './platform.module.js';
import { AUDIT_SERVICE, type AuditServices } from './audit.module.js';
import { auditRoutes, type AuditApi } from '../../../miniapp/api/audit.routes.js';
import { accessLogStats } from '../../../storage/audit/access-log-stats.js';
import { readChainHead } from '../../../storage/audit/mikro-access-log.repository.js';
import { CheckpointFile } from '../../../storage/audit/checkpoint-file.js';
import type { AppServices } from './module.js';
import { consentRoutes } from '../../../miniapp/api/consent.routes.js';
import { CONSENT_SERVICES, type ConsentRollout } from './consent.module.js';
import { offboardingRoutes } from '../../../miniapp/api/offboarding.routes.js';
import { rightsRoutes } from '../../../miniapp/api/rights.routes.js';

export const MINIAPP_SERVICES = { session: 'miniapp.session' } as const;

const SESSION_TTL_SECONDS = 8 * 60 * 60;

/** The checkout root (works from scripts/ under tsx and from dist/scripts/ when built). */
function projectRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(resolve(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The session key is derived from the master key: no extra secret to manage, none stored. */
export function sessionKey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'boundary/miniapp-session/v1', 32));
}

/** The audit console's view of the audit module's services, plus charts and status. */
function auditApi(s: AppServices): AuditApi {
  const audit = requireService<AuditServices>(s, AUDIT_SERVICE);
  const file = new CheckpointFile(s.config.audit.checkpointFile);
  return {
    reader: () => audit.reader(),
    exportTo: (out, options) => audit.exportTo(out, options),
    verify: async () => {
      const r = await audit.verify();
      return { ok: r.ok, entries: r.entries, failure: r.failure ? { seq: r.failure.seq, kind: r.failure.kind } : null };
    },
    whoViewed: (id, options) => audit.whoViewed(id, options),
    stats: (weeks) => accessLogStats(s.db, s.clock.now(), weeks),
    status: async () => {
      const head = await readChainHead(s.db.fork());
      const last = file.last();
      return { headSeq: head.head.seq, lastCheckpoint: last ? { seq: last.seq, time: last.time, kind: last.kind } : null };
    },
    publicKey: audit.publicKey,
  };
}

/** Mounts the mini-app's JSON API (auth, records, admin) and serves the built pages under /app/. */
export const miniappModule: AppModule = {
  name: 'miniapp',
  init(s) {
    const session: SessionOptions = {
      key: sessionKey(s.config.masterKey),
      secure: s.config.publicBaseUrl.startsWith('https://'),
      ttlSeconds: SESSION_TTL_SECONDS,
      now: () => s.clock.now(),
    };
    s.registry.set(MINIAPP_SERVICES.session, session);
  },
  routes(router, s) {
    const tx = requireService<Transactor>(s, PLATFORM_SERVICES.transactor);
    const session = requireService<SessionOptions>(s, MINIAPP_SERVICES.session);
    const origin = new URL(s.config.publicBaseUrl).origin;
    const directory: DirectoryLookup = {
      // The bot module publishes the open-platform client; resolved per call so module order stays free.
      userIdFromAuthCode: (code) => requireService<DirectoryLookup>(s, 'directoryLookup').userIdFromAuthCode(code),
    };
    const deps = { tx, clock: s.clock, ids: s.ids };
    configRoutes(router, { tx, config: s.config });
    authRoutes(router, { tx, session, directory, demo: s.config.demo, publicOrigin: origin });
    // Everything else under /api needs a session (and CSRF on state changes).
    router.use(['/api/employees', '/api/departments', '/api/grants', '/api/approvals', '/api/reviews', '/api/catalog', '/api/former-employees', '/api/dept', '/api/outbox'], requireSession(session, origin));
    router.use(['/api/audit', '/api/me'], requireSession(session, origin));
    router.use(['/api/offboarding', '/api/corrections', '/api/consent'], requireSession(session, origin));
    recordsRoutes(router, deps);
    const audit = auditApi(s);
    auditRoutes(router, { ...deps, audit });
    // The consent module's rollout, resolved per call so module order stays free.
    consentRoutes(router, { ...deps, onNoticePublished: () => (s.registry.get(CONSENT_SERVICES.rollout) as ConsentRollout | undefined)?.kick() });
    offboardingRoutes(router, { ...deps, timezone: s.config.timezone });
    rightsRoutes(router, { ...deps, whoViewed: audit.whoViewed });
    adminRoutes(router, { ...deps, deadLetters: (s.registry.get('outboxDeadLetters') as DeadLetters | undefined) ?? null });
  },
  middleware() {
    return [serveApp(resolve(projectRoot(), 'dist/web'))];
  },
};
