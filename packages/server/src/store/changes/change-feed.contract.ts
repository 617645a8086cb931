import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import type { ChangeEvent, PublishedChange } from './change-feed.js';

/**
 * What every `ChangeFeed` must do, checked through two stores opened on the same database (two
 * server instances). `open` returns a new migrated store on that database each call.
 */
export function runChangeFeedContract(name: string, open: () => Promise<Store>): void {
  describe(`ChangeFeed contract: ${name}`, () => {
    let a: Store;
    let b: Store;
    beforeAll(async () => {
      a = await open();
      b = await open();
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    const change = (): PublishedChange => ({ kind: 'session_updated', project_id: 'proj_x', session_id: `trs_${randomUUID()}` });

    /** Collects events until `until` holds or the deadline passes. */
    function collect(store: Store) {
      const seen: ChangeEvent[] = [];
      const subscription = store.changes.subscribe((event) => seen.push(event));
      const waitFor = async (predicate: (events: ChangeEvent[]) => boolean, ms = 5_000) => {
        const deadline = Date.now() + ms;
        while (!predicate(seen) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        return seen;
      };
      return { seen, subscription, waitFor };
    }

    it('delivers a change published on one instance to the listeners of the other, and its own', async () => {
      const onA = collect(a);
      const onB = collect(b);
      await Promise.all([onA.subscription.ready, onB.subscription.ready]);
      const sent = change();
      await a.changes.publish(sent);
      const has = (events: ChangeEvent[]) => events.some((e) => JSON.stringify(e) === JSON.stringify(sent));
      expect(has(await onB.waitFor(has))).toBe(true);
      expect(has(await onA.waitFor(has))).toBe(true);
      onA.subscription.unsubscribe();
      onB.subscription.unsubscribe();
    });

    it('delivers changes in the order they were published', async () => {
      const onB = collect(b);
      await onB.subscription.ready;
      const sent = [change(), change(), change()];
      for (const c of sent) await a.changes.publish(c);
      const ids = (events: ChangeEvent[]) => events.flatMap((e) => ('session_id' in e ? [e.session_id] : []));
      const wanted = sent.map((c) => ('session_id' in c ? c.session_id : ''));
      await onB.waitFor((events) => wanted.every((id) => ids(events).includes(id)));
      expect(ids(onB.seen).filter((id) => wanted.includes(id))).toEqual(wanted);
      onB.subscription.unsubscribe();
    });

    it('stops delivering after unsubscribe, and keeps delivering to the remaining listeners', async () => {
      const gone = collect(b);
      const stays = collect(b);
      await Promise.all([gone.subscription.ready, stays.subscription.ready]);
      gone.subscription.unsubscribe();
      const sent = change();
      await a.changes.publish(sent);
      const has = (events: ChangeEvent[]) => events.some((e) => 'session_id' in e && 'session_id' in sent && e.session_id === sent.session_id);
      expect(has(await stays.waitFor(has))).toBe(true);
      expect(has(gone.seen)).toBe(false);
      stays.subscription.unsubscribe();
    });

    it('carries account changes whole', async () => {
      const onB = collect(b);
      await onB.subscription.ready;
      const sent: PublishedChange = {
        kind: 'account_changed',
        project_id: 'proj_y',
        user_id: `user-${randomUUID()}`,
        account_id: 'ca_1',
        toolkit: 'acme',
        status: 'ACTIVE',
        version: 3,
      };
      await a.changes.publish(sent);
      const has = (events: ChangeEvent[]) => events.some((e) => e.kind === 'account_changed' && e.user_id === sent.user_id);
      expect((await onB.waitFor(has)).find((e) => e.kind === 'account_changed' && e.user_id === sent.user_id)).toEqual(sent);
      onB.subscription.unsubscribe();
    });

    it('does not replay old changes to a new listener', async () => {
      const early = change();
      await a.changes.publish(early);
      // Long enough for the change to have passed every instance (one still listening for a previous
      // subscriber may see it go by, with no one to hand it to).
      await new Promise((r) => setTimeout(r, 500));
      const onB = collect(b);
      await onB.subscription.ready;
      const late = change();
      await a.changes.publish(late);
      const hasLate = (events: ChangeEvent[]) => events.some((e) => 'session_id' in e && 'session_id' in late && e.session_id === late.session_id);
      await onB.waitFor(hasLate);
      expect(onB.seen.some((e) => 'session_id' in e && 'session_id' in early && e.session_id === early.session_id)).toBe(false);
      onB.subscription.unsubscribe();
    });
  });
}
