import type { Context } from 'koa';
import type { AppModule } from './module.js';
import { requireService } from './module.js';
import type { Transactor } from '../../../core/shared/unit-of-work.port.js';
import { ContactLinkIssuer } from '../../../core/contact/contact-links.js';
import { LinkSigner } from '../../../core/contact/link-token.js';
import type { ContactDeps } from '../../../core/contact/contact-context.js';
import { VaultMailRecipientResolver } from '../../../core/contact/mail-recipient-resolver.js';
import { expireContactRequests } from '../../../core/contact/expire-contact-requests.use-case.js';
import { contactKeys } from '../../../storage/contact/index.js';
import { claimJobTick, finishJobTick } from '../../../storage/contact/job-ticks.js';
import type { ContactBotDeps } from '../../../bot/commands/contact-support.js';
import type { DingTalkEmulator } from '../../../bot/emulator/emulator-server.js';
import { formerLinkRoutes } from '../../../miniapp/pages/former/former-link.routes.js';
import { mailboxPage } from '../../../miniapp/pages/former/mailbox-page.js';
import { contactRoutes } from '../../../miniapp/api/contact.routes.js';
import type { SessionOptions } from '../../../miniapp/api/session.js';
import { PLATFORM_SERVICES } from './platform.module.js';
import { BOT_SERVICES } from './bot.module.js';
import { MINIAPP_SERVICES } from './miniapp.module.js';

const EXPIRY_JOB = 'contact.expire';
const EXPIRY_BATCH = 200;

/**
 * Contact requests: the signed-link pages for former employees (/r/…), the mini-app API, the
 * chat commands' dependencies, the mail-address resolver for the outbox, the expiry job, and
 * in demo mode the mailbox page. Needs the `contacts` repository in the platform transactor.
 */
export function createContactModule(): AppModule {
  let deps: ContactDeps | undefined;
  let instanceId = '';
  const need = () => {
    if (!deps) throw new Error('contact module not initialised');
    return deps;
  };

  return {
    name: 'contact',

    init(s) {
      const tx = requireService<Transactor>(s, PLATFORM_SERVICES.transactor);
      const links = new ContactLinkIssuer(new LinkSigner(contactKeys(s.config.masterKey).link), s.config.publicBaseUrl);
      deps = { tx, clock: s.clock, ids: s.ids, links };
      instanceId = s.ids.next();
      s.registry.set(BOT_SERVICES.mailRecipientResolver, new VaultMailRecipientResolver({ tx, clock: s.clock }));
      s.registry.set(BOT_SERVICES.contact, { ids: s.ids, links } satisfies ContactBotDeps);
    },

    routes(router, s) {
      const publicOrigin = new URL(s.config.publicBaseUrl).origin;
      formerLinkRoutes(router, { contact: need(), timezone: s.config.timezone, publicOrigin });
      const session = s.registry.get(MINIAPP_SERVICES.session) as SessionOptions | undefined;
      if (session) contactRoutes(router, { contact: need(), session, publicOrigin });
      if (s.config.demo)
        router.get('/dev/mailbox', (ctx: Context) => {
          const emulator = s.registry.get(BOT_SERVICES.emulator) as DingTalkEmulator | undefined;
          ctx.type = 'text/html; charset=utf-8';
          ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'");
          ctx.body = mailboxPage(emulator?.state.mails ?? []);
        });
    },

    jobs(s) {
      return [
        {
          name: EXPIRY_JOB,
          schedule: '*/5 * * * *',
          run: async (signal) => {
            const now = s.clock.now();
            // The tick is the scheduled five-minute slot: whichever instance claims it runs it.
            const tick = new Date(Math.floor(now.getTime() / 300_000) * 300_000).toISOString();
            if (!(await claimJobTick(s.db, EXPIRY_JOB, tick, instanceId, now))) return;
            let total = 0;
            for (;;) {
              const n = await expireContactRequests(need(), { limit: EXPIRY_BATCH });
              total += n;
              if (n < EXPIRY_BATCH || signal.aborted) break;
            }
            await finishJobTick(s.db, EXPIRY_JOB, tick, s.clock.now());
            if (total) s.log.info({ expired: total }, 'contact requests expired');
          },
        },
      ];
    },
  };
}

export const contactModule: AppModule = createContactModule();
