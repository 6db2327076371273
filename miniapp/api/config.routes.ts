import type Router from '@koa/router';
import type { Transactor } from '../../core/shared/unit-of-work.port.js';

export interface PublicConfig {
  readonly locale: 'zh-CN' | 'en';
  readonly timezone: string;
  readonly demo: boolean;
  readonly dingtalk: { readonly corpId: string; readonly clientId: string; readonly agentId: string };
}

/** What the page needs before sign-in: locale, time zone, login parameters, purposes and field labels. */
export function configRoutes(router: Router, deps: { tx: Transactor; config: { locale: 'zh-CN' | 'en'; timezone: string; demo: boolean; dingtalk: { corpId: string; clientId: string; agentId: string } } }): void {
  router.get('/api/config', async (ctx) => {
    const catalog = await deps.tx.run((u) => u.catalog.current());
    ctx.body = {
      locale: deps.config.locale,
      timezone: deps.config.timezone,
      demo: deps.config.demo,
      corpId: deps.config.dingtalk.corpId,
      clientId: deps.config.dingtalk.clientId,
      agentId: deps.config.dingtalk.agentId,
      catalogVersion: catalog.version,
      purposes: catalog.purposes.map((p) => ({
        code: p.code,
        label: p.label,
        description: p.description,
        neverValid: p.neverValid,
        requiresReference: p.requiresReference,
        requiresSecondApprover: p.requiresSecondApprover,
        breakGlassMinutes: p.breakGlassMinutes,
        roles: p.roles,
        onlyOwnRecord: p.onlyOwnRecord,
      })),
      fields: catalog.fields.map((f) => ({ key: f.key, section: f.section, sensitivity: f.sensitivity, label: f.label, purposes: f.purposes })),
    };
  });
}
