import type { ContactRequest } from '../../../core/contact/contact-request.js';
import { NEUTRAL_ENDINGS, OPEN_STATUSES } from '../../../core/contact/contact-request.js';
import type { ContactDraft, ContactLinkRecord, ContactStore } from '../../../core/contact/contact-store.port.js';

interface State {
  requests: Map<string, ContactRequest>;
  links: Map<string, ContactLinkRecord>;
  blocks: Set<string>;
  lookups: { requesterId: string; at: number }[];
  drafts: Map<string, ContactDraft>;
}

const empty = (): State => ({ requests: new Map(), links: new Map(), blocks: new Set(), lookups: [], drafts: new Map() });
const copy = (s: State): State => ({
  requests: new Map(s.requests),
  links: new Map(s.links),
  blocks: new Set(s.blocks),
  lookups: [...s.lookups],
  drafts: new Map(s.drafts),
});

/** The contact store in memory, with snapshot/restore so InMemoryTransactor can roll it back. */
export class InMemoryContactStore implements ContactStore {
  private s: State = empty();

  snapshot(): State {
    return copy(this.s);
  }
  restore(saved: unknown): void {
    this.s = copy(saved as State);
  }
  all(): ContactRequest[] {
    return [...this.s.requests.values()];
  }

  readonly requests: ContactStore['requests'] = {
    get: async (id) => this.s.requests.get(id) ?? null,
    save: async (r) => {
      const stored = this.s.requests.get(r.id);
      if ((stored?.version ?? 0) !== r.version) throw new Error('version conflict');
      if (OPEN_STATUSES.includes(r.status) && this.all().some((o) => o.id !== r.id && o.requesterId === r.requesterId && o.targetId === r.targetId && OPEN_STATUSES.includes(o.status)))
        throw new Error('unique open pair');
      const next = { ...r, version: r.version + 1 };
      this.s.requests.set(r.id, next);
      return next;
    },
    listByRequester: async (id, limit) =>
      this.all()
        .filter((r) => r.requesterId === id)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
        .slice(0, limit),
    listByStatus: async (status, limit) =>
      this.all()
        .filter((r) => r.status === status)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .slice(0, limit),
    countOpenByRequester: async (id) => this.all().filter((r) => r.requesterId === id && OPEN_STATUSES.includes(r.status)).length,
    findOpen: async (req, target) => this.all().find((r) => r.requesterId === req && r.targetId === target && OPEN_STATUSES.includes(r.status)) ?? null,
    lastNeutralEndingSince: async (req, target, since) => {
      const at = this.all()
        .filter((r) => r.requesterId === req && r.targetId === target && NEUTRAL_ENDINGS.includes(r.status) && r.updatedAt >= since)
        .map((r) => r.updatedAt.getTime());
      return at.length ? new Date(Math.max(...at)) : null;
    },
    listExpired: async (now, limit) =>
      this.all()
        .filter((r) => r.status === 'awaiting_consent' && r.expiresAt !== null && r.expiresAt <= now)
        .sort((a, b) => a.expiresAt!.getTime() - b.expiresAt!.getTime())
        .slice(0, limit),
  };

  readonly links: ContactStore['links'] = {
    add: async (l) => {
      if (this.s.links.has(l.nonceHash)) throw new Error('duplicate nonce');
      this.s.links.set(l.nonceHash, { ...l, usedAt: null });
    },
    get: async (h) => this.s.links.get(h) ?? null,
    consume: async (h, at) => {
      const l = this.s.links.get(h);
      if (!l || l.usedAt) return false;
      this.s.links.set(h, { ...l, usedAt: at });
      return true;
    },
  };

  readonly blocks: ContactStore['blocks'] = {
    add: async (t, r) => void this.s.blocks.add(`${t}|${r}`),
    isBlocked: async (t, r) => this.s.blocks.has(`${t}|${r}`),
  };

  readonly lookups: ContactStore['lookups'] = {
    record: async (requesterId, at) => void this.s.lookups.push({ requesterId, at: at.getTime() }),
    countSince: async (id, since) => this.s.lookups.filter((l) => l.requesterId === id && l.at >= since.getTime()).length,
  };

  readonly drafts: ContactStore['drafts'] = {
    get: async (owner, now) => {
      const d = this.s.drafts.get(owner);
      return d && d.expiresAt > now ? d : null;
    },
    put: async (d) => void this.s.drafts.set(d.ownerId, d),
    clear: async (owner) => void this.s.drafts.delete(owner),
  };
}
