/**
 * The world one journey runs in: a fresh linli server with the demo city, one browser, and the
 * devices of the people in the day (each its own browser context, so each keeps its own session),
 * with one clock that the server and every device follow.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { type Area, deskContext, type Lang, launchBrowser, logIn, phoneContext, screenshotDir, screenshots } from '../browser.ts';
import { type E2eServer, startE2eServer } from '../server.ts';

/** The demo's people (packages/server/src/demo/seed.ts): phones by role. */
export const PHONES = {
  /** A new resident, registered at first login: they choose their pickup point. */
  resident: '13712340001',
  leader: '13900000000',
  driver: '13600000000',
  admin: '13800000000',
} as const;

export type Actor = 'resident' | 'leader' | 'driver' | 'supplier' | 'admin';
const areaOf: Record<Actor, Area> = { resident: 'shop', leader: 'leader', driver: 'driver', supplier: 'supplier', admin: 'admin' };

/** What the journey learns along the way and later steps need. */
export interface Facts {
  leaderPointId: string;
  leaderPointName: string;
  lineId?: string;
  productName?: string;
  campaignId?: string;
  cutoffAt?: Date;
  pickupDate?: string;
  orderId?: string;
  orderNo?: string;
  pickupCode?: string;
  supplierPhone?: string;
  supplierName?: string;
  totalFen?: number;
  /** The second order, at a pickup point no vehicle reaches in time. */
  farPointId?: string;
  farPointName?: string;
  farOrderNo?: string;
  farPostponedTo?: string;
}

export class World {
  readonly lang: Lang;
  readonly server: E2eServer;
  readonly browser: Browser;
  readonly facts: Facts;
  private readonly contexts = new Map<Actor, BrowserContext>();
  private readonly pages = new Map<Actor, Page>();

  private constructor(lang: Lang, server: E2eServer, browser: Browser, facts: Facts) {
    this.lang = lang;
    this.server = server;
    this.browser = browser;
    this.facts = facts;
  }

  static async open(lang: Lang): Promise<World> {
    // Nine in the morning, Shanghai time, of today's date there: the campaigns the demo opens close
    // at 23:00 the same day whatever the hour the test runs at.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const server = await startE2eServer({ start: shanghai(today, '09:00'), webDir: inject('webDir') });
    try {
      const point = await server.ctx.db
        .selectFrom('pickup_points as p')
        .innerJoin('leaders as l', 'l.id', 'p.leader_id')
        .select(['p.id', 'p.name'])
        .where('l.phone', '=', PHONES.leader)
        .executeTakeFirstOrThrow();
      const browser = await launchBrowser();
      return new World(lang, server, browser, { leaderPointId: point.id, leaderPointName: point.name });
    } catch (err) {
      await server.close();
      throw err;
    }
  }

  get url(): string {
    return this.server.url;
  }

  /** The actor's device (created on first use, at the server's time; the resident stands at the leader's pickup point). */
  async page(actor: Actor): Promise<Page> {
    const have = this.pages.get(actor);
    if (have) return have;
    const now = this.server.clock.now();
    let context: BrowserContext;
    if (actor === 'admin') context = await deskContext(this.browser, { now });
    else context = await phoneContext(this.browser, { now });
    if (actor === 'resident') {
      const spot = await this.server.ctx.db
        .selectFrom('pickup_points')
        .select(['lat', 'lng'])
        .where('id', '=', this.facts.leaderPointId)
        .executeTakeFirstOrThrow();
      await context.grantPermissions(['geolocation']);
      await context.setGeolocation({ latitude: Number(spot.lat) + 0.0004, longitude: Number(spot.lng) + 0.0003 });
    }
    const page = await context.newPage();
    // What goes wrong in a page without failing a step is printed, so it is seen and reported.
    page.on('pageerror', (err) => console.error(`[${actor}] page error: ${err.stack ?? err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') console.error(`[${actor}] console error: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && r.url().startsWith(this.url)) {
        console.error(`[${actor}] ${r.request().method()} ${new URL(r.url()).pathname} answered ${r.status()}`);
      }
    });
    this.contexts.set(actor, context);
    this.pages.set(actor, page);
    return page;
  }

  /** Opens the actor's area, logs in with the phone (in the journey's language) and returns the page. */
  async logIn(actor: Actor, phone: string): Promise<Page> {
    const page = await this.page(actor);
    // The dev SMS provider allows one code a minute per phone: the minute passes.
    await this.advance(61_000);
    await logIn(page, this.url, areaOf[actor], phone, this.lang);
    return page;
  }

  /** Opens a path of the actor's area, e.g. open('admin', 'purchasing'). */
  async open(actor: Actor, path = ''): Promise<Page> {
    const page = await this.page(actor);
    await page.goto(`${this.url}/${areaOf[actor]}/${path}`);
    return page;
  }

  async shot(actor: Actor, screen: string): Promise<void> {
    await screenshots(await this.page(actor), this.lang, areaOf[actor], screen);
  }

  /** Moves the server's clock and every device's clock to the same instant, then lets due jobs run. */
  async moveClock(to: Date): Promise<void> {
    if (to.getTime() < this.server.clock.now().getTime()) throw new Error(`the clock cannot go back to ${to.toISOString()}`);
    this.server.clock.set(to);
    for (const context of this.contexts.values()) await context.clock.setSystemTime(to);
    await this.server.settle();
  }

  async advance(ms: number): Promise<void> {
    await this.moveClock(new Date(this.server.clock.now().getTime() + ms));
  }

  /** Every device's screen as it is, after a failed step (e2e-output/failures/<lang>/). */
  async failureShots(step: string): Promise<void> {
    const dir = join(screenshotDir, '..', 'failures', this.lang);
    mkdirSync(dir, { recursive: true });
    const slug = step.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    for (const [actor, page] of this.pages) {
      await page.screenshot({ path: join(dir, `${slug}-${actor}.png`), fullPage: true }).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.close();
  }
}

/** Shanghai wall time on a date as an instant (Shanghai has no daylight saving). */
export function shanghai(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+08:00`);
}

/** Today (the day it is now in Shanghai) at this time of day there: where a journey's clock starts. */
export function todayInShanghaiAt(time: string): Date {
  return shanghai(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()), time);
}
